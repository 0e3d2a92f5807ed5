package dev.skyport.cloudaccounts.adapter.permissions;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The roles Skyport publishes for a customer to apply as they are ({@code infra-cdk/terraform-image/permissions},
 * packaged into this module): what they grant is what a run needs, so the preflight asks the provider for exactly
 * that, and a permission added to a role file is asked for from the next deployment on.
 */
public final class PublishedRoles {

    private static final String FOLDER = "/dev/skyport/cloudaccounts/permissions/";

    private PublishedRoles() {
    }

    /** The actions of {@code azure-role.json}: on the resource group {@code skyport}. */
    public static List<String> azureActions() {
        try (InputStream in = open("azure-role.json")) {
            JsonNode role = JsonMapper.createDefault().readValue(in.readAllBytes(), JsonNode.class);
            List<String> actions = new ArrayList<>();
            role.get("Actions").values().forEach(action -> actions.add(action.getStringValue()));
            return List.copyOf(actions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code includedPermissions} of {@code gcp-role.yaml}: a flat list of {@code - permission} lines, which is
     * all this file holds (a test reads the file with a YAML parser and compares).
     */
    public static List<String> gcpPermissions() {
        try (InputStream in = open("gcp-role.yaml")) {
            List<String> permissions = new ArrayList<>();
            boolean inList = false;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("includedPermissions:")) {
                    inList = true;
                } else if (inList && line.startsWith("- ")) {
                    permissions.add(line.substring(2).strip());
                } else if (inList && !line.isBlank() && !line.startsWith("#")) {
                    inList = false;
                }
            }
            return List.copyOf(permissions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = PublishedRoles.class.getResourceAsStream(FOLDER + file);
        if (in == null) {
            throw new IllegalStateException(file + " is not packaged with the cloud-accounts context");
        }
        return in;
    }
}
