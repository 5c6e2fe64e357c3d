package org.depa.demo.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code var/deployment/deployment.json}: what {@code up} brought up, for {@code status},
 * {@code down} and the clients (the demo's parties find their gateway, CA, identity and bridge
 * here). No secret is in it: key files are named by path only.
 *
 * @param tag appended to every participant id of this deployment
 * @param networkStartedHere whether {@code up} started the Fabric network (then {@code down} stops it)
 * @param components every process, in start order
 * @param parties every participant: id, organisation, role, gateway URL, the bridge URL of a TDP
 */
public record DeploymentState(
        String tag, boolean networkStartedHere, List<Component> components, List<PartyEntry> parties) {

    /** One process: its name, kind (gateway, kms-bridge, operator), URL (empty for the operator), organisation. */
    public record Component(String name, String kind, String url, String mspId) {}

    /** One participant of the deployment and where it talks to. */
    public record PartyEntry(String baseId, String id, String mspId, String role, String gateway, String bridge) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public Optional<Component> gatewayOf(String mspId) {
        return components.stream()
                .filter(c -> c.kind().equals("gateway") && c.mspId().equals(mspId))
                .findFirst();
    }

    public Optional<PartyEntry> party(String baseId) {
        return parties.stream().filter(p -> p.baseId().equals(baseId)).findFirst();
    }

    void write(DeploymentLayout layout) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("tag", tag);
        root.put("networkStartedHere", networkStartedHere);
        ArrayNode cs = root.putArray("components");
        for (Component c : components) {
            cs.addObject()
                    .put("name", c.name())
                    .put("kind", c.kind())
                    .put("url", c.url())
                    .put("mspId", c.mspId());
        }
        ArrayNode ps = root.putArray("parties");
        for (PartyEntry p : parties) {
            ps.addObject()
                    .put("baseId", p.baseId())
                    .put("id", p.id())
                    .put("mspId", p.mspId())
                    .put("role", p.role())
                    .put("gateway", p.gateway())
                    .put("bridge", p.bridge());
        }
        DeploymentLayout.writeSecret(
                layout.stateFile(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    /** The deployment's record, if {@code up} wrote one. */
    public static Optional<DeploymentState> read(DeploymentLayout layout) throws IOException {
        if (!Files.isRegularFile(layout.stateFile())) {
            return Optional.empty();
        }
        JsonNode root = JSON.readTree(layout.stateFile().toFile());
        List<Component> cs = new ArrayList<>();
        for (JsonNode c : root.path("components")) {
            cs.add(new Component(
                    c.path("name").asText(),
                    c.path("kind").asText(),
                    c.path("url").asText(),
                    c.path("mspId").asText()));
        }
        List<PartyEntry> ps = new ArrayList<>();
        for (JsonNode p : root.path("parties")) {
            ps.add(new PartyEntry(
                    p.path("baseId").asText(),
                    p.path("id").asText(),
                    p.path("mspId").asText(),
                    p.path("role").asText(),
                    p.path("gateway").asText(),
                    p.path("bridge").asText()));
        }
        return Optional.of(new DeploymentState(
                root.path("tag").asText(), root.path("networkStartedHere").asBoolean(), cs, ps));
    }
}
