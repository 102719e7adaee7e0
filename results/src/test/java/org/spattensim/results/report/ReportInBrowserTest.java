package org.spattensim.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a person sees it: {@code report.html} opened in headless Chromium, which loads every image; fails on
 * an image the browser cannot decode or find, on a local link to a file that is not there and on an in-page link to
 * a section that does not exist. Skipped where no Chromium is installed ({@code SPATTEN_CHROMIUM} names one
 * explicitly; else {@code chromium}, {@code chromium-browser} or {@code google-chrome} on the PATH).
 */
class ReportInBrowserTest {
    private static final Pattern TITLE = Pattern.compile("<title>PROBE (\\d+) (\\d+) (.*?)</title>", Pattern.DOTALL);

    /** After load: how many images, how many broken, and the broken ones' sources, in the page title. */
    private static final String PROBE = """
            <script>
            window.addEventListener('load', () => {
              const imgs = Array.from(document.images);
              const bad = imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src'));
              document.title = 'PROBE ' + imgs.length + ' ' + bad.length + ' ' + bad.join(' ');
            });
            </script>
            """;

    @Test
    void everyImageLoadsAndEveryLinkResolves(@TempDir Path dir) throws Exception {
        Optional<String> browser = browser();
        assumeTrue(browser.isPresent(), "no Chromium installed (set SPATTEN_CHROMIUM to run this test)");
        Path report = ReportGenerator.generate(ReportGeneratorTest.sampleRun(dir));
        String html = Files.readString(report);
        Path probe = report.resolveSibling("report-probe.html");
        Files.writeString(probe, html.replace("</body>", PROBE + "</body>"));

        Process p = new ProcessBuilder(browser.get(), "--headless", "--disable-gpu", "--no-sandbox",
                "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom",
                probe.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "Chromium did not finish");
        String dom = new String(out, StandardCharsets.UTF_8);
        Matcher m = TITLE.matcher(dom);
        assertTrue(m.find(), "the probe did not run; Chromium printed: " + dom.substring(0, Math.min(400, dom.length())));
        int images = Integer.parseInt(m.group(1));
        int tags = html.split("<img ", -1).length - 1;
        assertTrue(tags > 10, "the sample report has its figures: " + tags);
        assertEquals(tags, images, "the browser saw every figure of the page");
        assertEquals(0, Integer.parseInt(m.group(2)), "broken images: " + m.group(3));

        List<String> broken = new ArrayList<>();
        Matcher href = Pattern.compile("href=\"([^\"]+)\"").matcher(html);
        while (href.find()) {
            String target = href.group(1).replace("&amp;", "&");
            if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
                continue;
            }
            if (target.startsWith("#")) {
                if (!html.contains("id=\"" + target.substring(1) + "\"")) {
                    broken.add(target);
                }
            } else if (!Files.exists(report.getParent().resolve(target.replace('/', File.separatorChar)))) {
                broken.add(target);
            }
        }
        assertTrue(broken.isEmpty(), "links to nothing: " + broken);
    }

    private static Optional<String> browser() {
        String env = System.getenv("SPATTEN_CHROMIUM");
        if (env != null && !env.isBlank()) {
            return Optional.of(env);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : path.split(File.pathSeparator)) {
                Path f = Path.of(d, name);
                if (Files.isExecutable(f)) {
                    return Optional.of(f.toString());
                }
            }
        }
        return Optional.empty();
    }
}
