package dev.skyport.platform.config;

/**
 * The names a deployed Skyport is found by: the CloudFormation stacks the CDK app makes and the outputs a client
 * reads from them. The CDK app names its stacks and outputs with these, and whatever looks a deployment up (the
 * end-to-end tests, an operator's script) asks this class, so a renamed output cannot leave a reader behind.
 */
public final class DeployedStacks {

    /** The stateful stack: tables, the topic, the token keys' secrets. */
    public static final String DATA = "SkyportData";
    /** The provisioning workflow and its Terraform task. */
    public static final String PROVISIONING = "SkyportProvisioning";
    /** The HTTP and WebSocket APIs, every function, the console's distribution. */
    public static final String API = "SkyportApi";

    /** Output of {@link #API}: the API's base URL, which is also the console's origin. */
    public static final String API_URL = "ApiUrl";
    /** Output of {@link #API}: the WebSocket stage's {@code wss://} URL, opened with {@code ?ticket=}. */
    public static final String WEB_SOCKET_URL = "WebSocketUrl";
    /** Output of {@link #API}: the web console. */
    public static final String CONSOLE_URL = "ConsoleUrl";

    private DeployedStacks() {
    }
}
