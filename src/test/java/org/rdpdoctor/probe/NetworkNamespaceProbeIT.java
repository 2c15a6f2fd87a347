package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.Json;

/**
 * The packaged {@code probe} command in a private network namespace (only loopback, no route out)
 * whose iptables rules make the cases a loopback listener cannot: DROP a filtered port, REJECT with
 * ICMP host-unreachable an unreachable one. Without a route, a name lookup fails at once. No packet
 * leaves the namespace.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NetworkNamespaceProbeIT {
    private static final String SBIN = "/usr/sbin:/sbin";
    private static final Path JAR =
            Path.of(System.getProperty("build.dir", "target"), "rdp-doctor.jar");

    @BeforeAll
    static void namespaces_and_iptables_are_available() {
        boolean usable =
                "root".equals(System.getProperty("user.name"))
                        && onPath("unshare")
                        && onPath("iptables")
                        && onPath("ip");
        String why = "needs root, unshare, ip and iptables (apt-get install -y iptables)";
        if ("true".equals(System.getenv("CI"))) {
            assertThat(usable).as(why).isTrue();
        } else {
            Assumptions.assumeTrue(usable, why);
        }
    }

    @Test
    void port_that_drops_packets_is_filtered_not_refused() throws Exception {
        JsonNode report = probeInNamespace("-p tcp --dport 3390 -j DROP", "127.0.0.1:3390");

        assertThat(evidence(report, "tcp-connect")).isEqualTo("filtered");
        assertThat(result(report, "tcp").get("verdict").asText())
                .startsWith("No answer from 127.0.0.1:3390 within ");
        assertThat(result(report, "rdp-negotiation").get("status").asText()).isEqualTo("skipped");
        assertThat(result(report, "tls").get("status").asText()).isEqualTo("skipped");
    }

    @Test
    void port_behind_an_icmp_host_unreachable_is_unreachable() throws Exception {
        JsonNode report =
                probeInNamespace(
                        "-p tcp --dport 3391 -j REJECT --reject-with icmp-host-unreachable",
                        "127.0.0.1:3391");

        assertThat(evidence(report, "tcp-connect")).isEqualTo("unreachable");
    }

    @Test
    void name_that_does_not_resolve_fails_dns_and_skips_the_rest() throws Exception {
        JsonNode report = probeInNamespace("-p tcp --dport 3389 -j DROP", "rds01.invalid");

        assertThat(evidence(report, "dns")).isEqualTo("fails");
        assertThat(result(report, "tcp").get("verdict").asText())
                .isEqualTo("Not tried: rds01.invalid does not resolve.");
        assertThat(report.get("evidence")).hasSize(1);
    }

    /** Runs {@code probe TARGET --json} from the jar, with one iptables rule on INPUT. */
    private static JsonNode probeInNamespace(String rule, String target) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script =
                "ip link set lo up && iptables -A INPUT %s && exec %s -jar %s probe %s --json"
                        .formatted(rule, java, JAR.toAbsolutePath(), target);
        ProcessBuilder builder = new ProcessBuilder(List.of("unshare", "-n", "sh", "-c", script));
        builder.environment().put("PATH", SBIN + ":" + System.getenv().getOrDefault("PATH", ""));
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> err =
                CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe finished").isTrue();
        String errors = new String(err.join(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(errors).isZero();
        return Json.mapper().readTree(new String(out, StandardCharsets.UTF_8));
    }

    private static String evidence(JsonNode report, String kind) {
        for (JsonNode e : report.get("evidence")) {
            if (e.get("kind").asText().equals(kind)) {
                return e.get("value").asText();
            }
        }
        throw new AssertionError("no " + kind + " evidence in " + report);
    }

    private static JsonNode result(JsonNode report, String name) {
        for (JsonNode r : report.get("results")) {
            if (r.get("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no " + name + " result in " + report);
    }

    private static boolean onPath(String program) {
        String path = SBIN + ":" + System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
