package io.iotlakehouse.registry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ResponseComparatorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void timestampsMayDifferButMustBePresentIntegers() throws Exception {
    assertThat(compare("{\"creation_time\": 1}", "{\"creation_time\": 2}")).isEmpty();
    assertThat(compare("{\"creation_time\": 1}", "{}")).containsExactly("$.creation_time: missing, expected 1");
    assertThat(compare("{}", "{\"end_time\": 5}")).containsExactly("$.end_time: unexpected field, value 5");
    assertThat(compare("{\"timestamp\": 1}", "{\"timestamp\": \"1\"}")).hasSize(1);
  }

  @Test
  void int64sMustStayNumbersAndDoublesMustStayDoubles() throws Exception {
    assertThat(compare("{\"step\": 2}", "{\"step\": \"2\"}")).hasSize(1);
    assertThat(compare("{\"value\": 1.0}", "{\"value\": 1}")).hasSize(1);
    assertThat(compare("{\"value\": 0.31}", "{\"value\": 0.31}")).isEmpty();
  }

  @Test
  void emptyListsAndOrderMatter() throws Exception {
    assertThat(compare("{}", "{\"tags\": []}")).hasSize(1);
    assertThat(compare("{\"a\": [1, 2]}", "{\"a\": [2, 1]}")).hasSize(2);
  }

  @Test
  void pythonSetsInMessagesCompareAsSets() throws Exception {
    String expected = "{\"message\": \"Valid keys are '{'a', 'b', 'c'}'\"}";
    assertThat(compare(expected, "{\"message\": \"Valid keys are '{'c', 'a', 'b'}'\"}")).isEmpty();
    assertThat(compare(expected, "{\"message\": \"Valid keys are '{'c', 'a', 'd'}'\"}")).hasSize(1);
  }

  @Test
  void sqlTextInErrorMessagesIsIgnoredButTheErrorCodeIsNot() throws Exception {
    String expected = "{\"error_code\": \"BAD_REQUEST\", \"message\": \"x [SQL: UPDATE ...]\"}";
    assertThat(compare(expected, "{\"error_code\": \"BAD_REQUEST\", \"message\": \"different\"}")).isEmpty();
    assertThat(compare(expected, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"different\"}")).hasSize(1);
  }

  @Test
  void artifactUrisMayUseAnotherRootButMustKeepRunIdAndPath() throws Exception {
    String run = "0123456789abcdef0123456789abcdef";
    String expected = "{\"source\": \"mlflow-artifacts:/1/" + run + "/artifacts/model\"}";
    assertThat(compare(expected, "{\"source\": \"s3://bucket/1/" + run + "/artifacts/model\"}")).isEmpty();
    assertThat(compare(expected, "{\"source\": \"s3://bucket/1/" + run + "/artifacts/other\"}")).hasSize(1);
  }

  @Test
  void theServerArtifactFolderInDownloadErrorsIsIgnored() throws Exception {
    String expected = "{\"message\": \"downloading one or more artifacts from /srv/a:\\n##### File x #####\\n"
        + "[Errno 2] No such file or directory: '/srv/a/x'\"}";
    String actual = "{\"message\": \"downloading one or more artifacts from /tmp/b:\\n##### File x #####\\n"
        + "[Errno 2] No such file or directory: '/tmp/b/x'\"}";
    assertThat(compare(expected, actual)).isEmpty();
  }

  private static java.util.List<String> compare(String expected, String actual) throws Exception {
    JsonNode e = MAPPER.readTree(expected);
    JsonNode a = MAPPER.readTree(actual);
    return ResponseComparator.compare(e, a);
  }
}
