package dev.skyport.local;

import dev.skyport.cloudaccounts.adapter.dynamodb.CloudAccountsTable;
import dev.skyport.kernel.SecretStore;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DEVELOPMENT ONLY, for the local platform without a Secrets Manager endpoint: secrets are encrypted with AES-256-GCM
 * (a fresh 96-bit nonce each time, the secret's name as associated data) under a key generated into the data folder,
 * and kept in DynamoDB Local under {@code SECRET#name}. Anyone with the data folder can read them; AWS deployments
 * always use Secrets Manager.
 */
@Singleton
@Requires(property = LocalSettings.ENCRYPTED_SECRETS)
public class EncryptedTableSecretStore implements SecretStore {

    static final String REFERENCE_PREFIX = "local-secret:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public EncryptedTableSecretStore(DynamoDbClient dynamoDb, TableNames tables,
                                     LocalFileSettings files) {
        this.dynamoDb = dynamoDb;
        this.table = tables.nameOf(SkyportTables.CLOUD_ACCOUNTS);
        this.key = new SecretKeySpec(LocalKeyFile.loadOrCreate(files.secretsKey()), "AES");
    }

    @Override
    public String create(String name, String value, Map<String, String> tags) {
        write(name, value);
        return REFERENCE_PREFIX + name;
    }

    @Override
    public String read(String reference) {
        String name = name(reference);
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(key(name))
                .consistentRead(true)).item();
        if (item == null || !item.containsKey("ciphertext")) {
            throw new IllegalStateException("no local secret " + name);
        }
        byte[] sealed = Base64.getDecoder().decode(item.get("ciphertext").s());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the local secret " + name + " does not decrypt with this data folder's key", e);
        }
    }

    @Override
    public void replace(String reference, String value) {
        write(name(reference), value);
    }

    @Override
    public void delete(String reference, Duration recoveryWindow) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(key(name(reference))));
    }

    private void write(String name, String value) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext).array();
            Map<String, AttributeValue> item = new HashMap<>(key(name));
            item.put("ciphertext", AttributeValue.fromS(Base64.getEncoder().encodeToString(sealed)));
            dynamoDb.putItem(b -> b.tableName(table).item(item));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is mandatory in every JRE", e);
        }
    }

    private static Map<String, AttributeValue> key(String name) {
        return CloudAccountsTable.localSecret(name);
    }

    private static String name(String reference) {
        if (!reference.startsWith(REFERENCE_PREFIX)) {
            throw new IllegalArgumentException("not a local secret reference");
        }
        return reference.substring(REFERENCE_PREFIX.length());
    }

}
