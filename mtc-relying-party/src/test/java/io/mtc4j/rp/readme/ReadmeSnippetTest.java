package io.mtc4j.rp.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Use as a library" program, compiled as written (javax.tools, against this module's test class path:
 * mtc-spec, mtc-relying-party and their dependencies) and run in a fresh JVM on the repository's examples. Any
 * change to the API that breaks the snippet, or to the examples that changes its output, fails here.
 */
class ReadmeSnippetTest {
    private static final Pattern SECTION = Pattern.compile("(?s)\n## Use as a library\n(.*?)\n## ");
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\n(.*?)```");
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("README.md")) && Files.isDirectory(here.resolve("examples")) ? here
                : here.getParent();
    }

    static String snippet(String readme) {
        Matcher section = SECTION.matcher(readme);
        assertTrue(section.find(), "README.md has no \"## Use as a library\" section");
        Matcher block = JAVA_BLOCK.matcher(section.group(1));
        assertTrue(block.find(), "the \"Use as a library\" section has no ```java block");
        return block.group(1);
    }

    /** The test class path: Surefire's own property when it runs from a manifest-only jar. */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    @Test
    void theLibrarySnippetCompilesAndVerifiesTheExamples(@TempDir Path tmp) throws Exception {
        Path root = repositoryRoot();
        String source = snippet(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8));
        Matcher name = CLASS_NAME.matcher(source);
        assertTrue(name.find(), "the snippet declares no public class");
        Path file = tmp.resolve(name.group(1) + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-Xlint:all", "-Werror", "-classpath", classPath(), "-d", tmp.toString()),
                    null, files.getJavaFileObjects(file.toFile())).call();
            assertTrue(ok, "the README snippet does not compile: " + diagnostics.getDiagnostics());
        }

        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-cp", tmp + File.pathSeparator + classPath(), name.group(1),
                root.resolve("examples").toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the snippet did not finish");
        assertEquals(0, p.exitValue(), out);
        assertEquals("standalone.pem: valid path=signatures cosigners=32473.1\n"
                + "landmark-relative.pem: valid path=trusted_subtree\n", out.replace("\r\n", "\n"));
    }
}
