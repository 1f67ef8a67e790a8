package io.iotlakehouse.common.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BundleTest {
  static final KeyPair TRUSTED = SigningKeys.generate();
  static final KeyPair ROTATED = SigningKeys.generate();
  static final KeyPair STRANGER = SigningKeys.generate();
  static final BundleVerifier VERIFIER = new BundleVerifier(TrustedKeys.of(List.of(TRUSTED.getPublic(), ROTATED.getPublic())), 1 << 20);
  @TempDir static Path sources;

  @BeforeAll
  static void modelFiles() throws IOException {
    Files.writeString(sources.resolve("model.json"), "{\"trees\":[1,2,3]}");
    Files.writeString(sources.resolve("spec.json"), "{\"features\":[\"a\",\"b\"]}");
  }

  static BundleWriter writer() {
    return new BundleWriter("turbofan-rul", "7", "xgboost-rul")
        .registry("turbofan-rul", "7").runId("run-42").trainingData("gold.turbofan_features", "12")
        .featureSpec("spec.json").parameter("rul_alert_below", "30").createdAt(Instant.parse("2026-11-24T10:00:00Z"))
        .file("model.json", sources.resolve("model.json")).file("spec.json", sources.resolve("spec.json"));
  }

  @Test
  void aSignedBundleVerifiesAndItsIdIsTheHashOfItsManifest(@TempDir Path dir) throws Exception {
    BundleWriter.Written w = writer().write(dir.resolve("b"), TRUSTED);
    VerifiedBundle v = VERIFIER.verify(dir.resolve("b"));
    byte[] manifestBytes = Files.readAllBytes(dir.resolve("b/manifest.json"));
    assertThat(v.id()).isEqualTo(w.id()).isEqualTo(Hashing.sha256Hex(manifestBytes));
    assertThat(v.keyId()).isEqualTo(SigningKeys.keyId(TRUSTED.getPublic()));
    assertThat(v.manifest()).isEqualTo(w.manifest());
    assertThat(v.manifest().label()).isEqualTo("turbofan-rul@7");
    assertThat(v.manifest().parameter("rul_alert_below", "0")).isEqualTo("30");
    assertThat(new String(v.bytes("model.json"), StandardCharsets.UTF_8)).isEqualTo("{\"trees\":[1,2,3]}");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("b"); // no staging folder left behind
    }
  }

  @Test
  void theManifestIsCanonicalJsonSoTheSameContentGivesTheSameId(@TempDir Path dir) throws Exception {
    BundleWriter.Written a = writer().write(dir.resolve("a"), TRUSTED);
    BundleWriter.Written b = writer().write(dir.resolve("b"), ROTATED); // other key, same content
    assertThat(a.id()).isEqualTo(b.id());
    assertThat(new String(Files.readAllBytes(dir.resolve("a/manifest.json")), StandardCharsets.UTF_8)).isEqualTo(
        "{\"created_at\":\"2026-11-24T10:00:00Z\",\"feature_spec\":\"spec.json\",\"files\":["
            + "{\"path\":\"model.json\",\"sha256\":\"" + sha("{\"trees\":[1,2,3]}") + "\",\"size\":17},"
            + "{\"path\":\"spec.json\",\"sha256\":\"" + sha("{\"features\":[\"a\",\"b\"]}") + "\",\"size\":22}],"
            + "\"format\":1,\"kind\":\"xgboost-rul\",\"name\":\"turbofan-rul\",\"parameters\":{\"rul_alert_below\":\"30\"},"
            + "\"registry_model\":\"turbofan-rul\",\"registry_version\":\"7\",\"run_id\":\"run-42\","
            + "\"training_data\":{\"gold.turbofan_features\":\"12\"},\"version\":\"7\"}");
    assertThat(BundleManifest.parse(a.manifest().canonicalBytes())).isEqualTo(a.manifest());
    assertThat(writer().parameter("rul_alert_below", "20").write(dir.resolve("c"), TRUSTED).id()).isNotEqualTo(a.id());
  }

  @Test
  void bothKeysOfARotationAreAcceptedAndEachSignatureNamesItsKey(@TempDir Path dir) throws Exception {
    assertThat(VERIFIER.verify(writer().write(dir.resolve("old"), TRUSTED).dir()).keyId())
        .isEqualTo(SigningKeys.keyId(TRUSTED.getPublic()));
    assertThat(VERIFIER.verify(writer().write(dir.resolve("new"), ROTATED).dir()).keyId())
        .isEqualTo(SigningKeys.keyId(ROTATED.getPublic()));
    BundleVerifier oldKeyDropped = new BundleVerifier(TrustedKeys.of(List.of(ROTATED.getPublic())), 1 << 20);
    assertThatThrownBy(() -> oldKeyDropped.verify(dir.resolve("old")))
        .isInstanceOfSatisfying(BundleException.class, e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.UNKNOWN_KEY));
  }

  interface Mutation {
    void apply(Path bundle) throws Exception;
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("manifest edited after signing", (Mutation) b -> replace(b.resolve("manifest.json"), "\"version\":\"7\"", "\"version\":\"8\""),
            BundleException.Reason.BAD_SIGNATURE, "invalid signature"),
        Arguments.of("a byte appended to the manifest", (Mutation) b -> append(b.resolve("manifest.json"), " "),
            BundleException.Reason.BAD_SIGNATURE, "changed after it was signed"),
        Arguments.of("the signature of another manifest", (Mutation) b -> copySignatureOfOtherBundle(b),
            BundleException.Reason.BAD_SIGNATURE, "invalid signature"),
        Arguments.of("signed by an unknown key", (Mutation) b -> resign(b, STRANGER),
            BundleException.Reason.UNKNOWN_KEY, "signed by key " + SigningKeys.keyId(STRANGER.getPublic()) + ", which is not trusted"),
        Arguments.of("model file changed, same size", (Mutation) b -> replace(b.resolve("model.json"), "[1,2,3]", "[1,2,4]"),
            BundleException.Reason.FILE_MISMATCH, "file model.json is not the signed one: its SHA-256 is"),
        Arguments.of("model file changed, other size", (Mutation) b -> append(b.resolve("model.json"), "\n"),
            BundleException.Reason.FILE_MISMATCH, "it has 18 bytes, the manifest says 17"),
        Arguments.of("model file replaced by a link", (Mutation) b -> {
              Files.delete(b.resolve("model.json"));
              Files.createSymbolicLink(b.resolve("model.json"), sources.resolve("model.json"));
            }, BundleException.Reason.FILE_MISMATCH, "not a regular file"),
        Arguments.of("listed file missing", (Mutation) b -> Files.delete(b.resolve("spec.json")),
            BundleException.Reason.MISSING_FILE, "lacks its file spec.json"),
        Arguments.of("extra file", (Mutation) b -> Files.writeString(b.resolve("backdoor.py"), "x"),
            BundleException.Reason.EXTRA_FILE, "does not list: backdoor.py"),
        Arguments.of("extra file in a subfolder", (Mutation) b -> {
              Files.createDirectories(b.resolve("sub"));
              Files.writeString(b.resolve("sub/x.json"), "{}");
            }, BundleException.Reason.EXTRA_FILE, "does not list: sub/x.json"),
        Arguments.of("no signature file", (Mutation) b -> Files.delete(b.resolve("manifest.sig")),
            BundleException.Reason.UNREADABLE, "it has no manifest.sig"),
        Arguments.of("no manifest", (Mutation) b -> Files.delete(b.resolve("manifest.json")),
            BundleException.Reason.UNREADABLE, "it has no manifest.json"),
        Arguments.of("signature file not JSON", (Mutation) b -> Files.writeString(b.resolve("manifest.sig"), "sig"),
            BundleException.Reason.MALFORMED, "malformed manifest.sig: not JSON"),
        Arguments.of("another algorithm", (Mutation) b -> replace(b.resolve("manifest.sig"), "Ed25519", "RSA"),
            BundleException.Reason.MALFORMED, "its algorithm must be Ed25519"),
        Arguments.of("signature not base64", (Mutation) b -> replaceSignature(b, "%%%"),
            BundleException.Reason.MALFORMED, "not base64"),
        Arguments.of("truncated signature", (Mutation) b -> replaceSignature(b, "AAAA"),
            BundleException.Reason.BAD_SIGNATURE, "invalid signature"),
        Arguments.of("validly signed manifest with a path escaping the folder", (Mutation) b -> signRaw(b,
                "{\"files\":[{\"path\":\"../model.json\",\"sha256\":\"" + sha("x") + "\",\"size\":1}],\"format\":1,"
                    + "\"kind\":\"zscore\",\"name\":\"m\",\"version\":\"1\"}"),
            BundleException.Reason.MALFORMED, "file path '../model.json' is not a safe relative path"),
        Arguments.of("validly signed manifest of a future format", (Mutation) b -> signRaw(b,
                "{\"files\":[{\"path\":\"model.json\",\"sha256\":\"" + sha("x") + "\",\"size\":1}],\"format\":2,"
                    + "\"kind\":\"zscore\",\"name\":\"m\",\"version\":\"1\"}"),
            BundleException.Reason.MALFORMED, "format 2 is not supported"),
        Arguments.of("validly signed manifest that is not JSON", (Mutation) b -> signRaw(b, "files: model.json"),
            BundleException.Reason.MALFORMED, "malformed manifest.json: not JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void aBundleIsRefusedWithAReasonThatSaysWhatAndHowToFix(String name, Mutation mutation, BundleException.Reason reason,
      String message, @TempDir Path dir) throws Exception {
    Path b = writer().write(dir.resolve("bundle"), TRUSTED).dir();
    mutation.apply(b);
    assertThatThrownBy(() -> VERIFIER.verify(b))
        .isInstanceOfSatisfying(BundleException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message)
        .hasMessageContaining("How to fix:");
  }

  @Test
  void aBundleLargerThanTheLimitIsRefusedBeforeItsFilesAreRead(@TempDir Path dir) throws Exception {
    Path b = writer().write(dir.resolve("bundle"), TRUSTED).dir();
    assertThatThrownBy(() -> new BundleVerifier(TrustedKeys.of(List.of(TRUSTED.getPublic())), 30).verify(b))
        .isInstanceOfSatisfying(BundleException.class, e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.TOO_LARGE))
        .hasMessageContaining("its files hold 39 bytes, the limit is 30");
  }

  @Test
  void theWriterRefusesBadMetadataAndExistingTargets(@TempDir Path dir) throws Exception {
    writer().write(dir.resolve("b"), TRUSTED);
    assertThatThrownBy(() -> writer().write(dir.resolve("b"), TRUSTED)).hasMessageContaining("already exists");
    assertThatThrownBy(() -> new BundleWriter("bad name", "1", "zscore").file("m.json", sources.resolve("model.json"))
        .write(dir.resolve("c"), TRUSTED)).hasMessageContaining("name 'bad name' must be");
    assertThatThrownBy(() -> writer().featureSpec("nope.json").write(dir.resolve("d"), TRUSTED))
        .hasMessageContaining("feature_spec 'nope.json' is not one of the files");
    assertThatThrownBy(() -> new BundleWriter("m", "1", "zscore").file(".hidden", sources.resolve("model.json"))
        .write(dir.resolve("e"), TRUSTED)).hasMessageContaining("not a safe bundle path");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("b");
    }
  }

  @Test
  void keysRoundTripThroughPemFilesAndPairsMustMatch(@TempDir Path dir) throws Exception {
    SigningKeys.write(TRUSTED, dir, "release");
    assertThat(Files.readString(dir.resolve("release.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Files.readString(dir.resolve("release.pub"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(Files.getPosixFilePermissions(dir.resolve("release.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    KeyPair back = SigningKeys.readPair(dir.resolve("release.key"));
    assertThat(SigningKeys.keyId(back.getPublic())).isEqualTo(SigningKeys.keyId(TRUSTED.getPublic())).hasSize(16);
    assertThat(TrustedKeys.load(List.of(dir.resolve("release.pub"))).ids()).containsExactly(SigningKeys.keyId(TRUSTED.getPublic()));
    assertThatThrownBy(() -> SigningKeys.write(TRUSTED, dir, "release")).hasMessageContaining("never overwritten");

    SigningKeys.write(STRANGER, dir, "other");
    Files.copy(dir.resolve("other.pub"), dir.resolve("release.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> SigningKeys.readPair(dir.resolve("release.key"))).hasMessageContaining("is not the public half of");
    Files.delete(dir.resolve("other.pub"));
    assertThatThrownBy(() -> SigningKeys.readPair(dir.resolve("other.key"))).hasMessageContaining("no public key");
    assertThatThrownBy(() -> SigningKeys.readPublic(dir.resolve("other.key"))).hasMessageContaining("has no '-----BEGIN PUBLIC KEY-----' block");
  }

  static String sha(String s) {
    return Hashing.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
  }

  static void replace(Path f, String from, String to) throws IOException {
    String s = Files.readString(f);
    assertThat(s).contains(from);
    Files.writeString(f, s.replace(from, to));
  }

  static void append(Path f, String s) throws IOException {
    Files.writeString(f, Files.readString(f) + s);
  }

  static void resign(Path b, KeyPair key) throws IOException {
    writeSignature(b, SigningKeys.keyId(key.getPublic()), Signatures.sign(key.getPrivate(), Files.readAllBytes(b.resolve("manifest.json"))));
  }

  static void replaceSignature(Path b, String base64) throws IOException {
    Files.writeString(b.resolve("manifest.sig"), "{\"algorithm\":\"Ed25519\",\"key_id\":\"" + SigningKeys.keyId(TRUSTED.getPublic())
        + "\",\"signature\":\"" + base64 + "\"}");
  }

  static void writeSignature(Path b, String keyId, byte[] sig) throws IOException {
    Files.writeString(b.resolve("manifest.sig"), "{\"algorithm\":\"Ed25519\",\"key_id\":\"" + keyId + "\",\"signature\":\""
        + Base64.getEncoder().encodeToString(sig) + "\"}");
  }

  static void signRaw(Path b, String manifest) throws IOException {
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    Files.write(b.resolve("manifest.json"), bytes);
    writeSignature(b, SigningKeys.keyId(TRUSTED.getPublic()), Signatures.sign(TRUSTED.getPrivate(), bytes));
  }

  static void copySignatureOfOtherBundle(Path b) throws Exception {
    Path other = writer().parameter("rul_alert_below", "10").write(b.resolveSibling("other"), TRUSTED).dir();
    Files.copy(other.resolve("manifest.sig"), b.resolve("manifest.sig"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void hashesAreLowerCaseHex() {
    assertThat(sha("abc")).isEqualTo(HexFormat.of().formatHex(new byte[] {
        (byte) 0xba, 0x78, 0x16, (byte) 0xbf, (byte) 0x8f, 0x01, (byte) 0xcf, (byte) 0xea, 0x41, 0x41, 0x40, (byte) 0xde,
        0x5d, (byte) 0xae, 0x22, 0x23, (byte) 0xb0, 0x03, 0x61, (byte) 0xa3, (byte) 0x96, 0x17, 0x7a, (byte) 0x9c,
        (byte) 0xb4, 0x10, (byte) 0xff, 0x61, (byte) 0xf2, 0x00, 0x15, (byte) 0xad}));
  }
}
