package org.backprop.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backprop.explain.ExplainSpec;
import org.backprop.explain.Explainer;
import org.backprop.explain.Explanation;
import org.backprop.explain.HtmlRenderer;
import org.backprop.explain.JsonRenderer;
import org.backprop.explain.Layout;
import org.backprop.explain.WeightNotation;
import org.backprop.io.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The backward-pass page of {@code explain --format html} in Debian's headless Chromium: step through
 * every stage with the next button and check that every number the diagram shows equals (to the five
 * digits shown) the one {@code explain --json} prints for the same network (the renderers the command
 * calls, called here directly). Screenshots of each stage go
 * to {@code target/explain-*.png}. Skipped only where Chromium is not installed ({@code .ci/run} installs it).
 */
@Tag("browser")
@Tag("slow")
@org.junit.jupiter.api.Timeout(300) // a guard against a hung browser, not a speed assertion
class ExplainPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private ChromeDriver driver;
    private Path dir;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed");
        dir = Files.createTempDirectory("explain-page");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + dir.resolve("profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(180)); // generous: CI machines can be loaded
    }

    @AfterEach
    void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void everyStageOfTheLectureNetworkShowsTheNumbersOfExplainJson() throws IOException {
        int stages = stepThrough("lecture", ExplainSpec.lecture(), WeightNotation.LECTURE, Layout.Style.DELTA);
        // network, forward ×2, loss, backward ×2, update
        assertThat(stages).isEqualTo(7);
        if (Boolean.getBoolean("explain.updateScreenshot")) {
            Files.copy(Path.of("target/explain-lecture-5.png"), Path.of("../docs/explain-backward.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aWiderNetworkFitsThePageAndAlsoMatches() throws IOException {
        ExplainSpec spec = ExplainSpec.parse(Files.readString(Path.of("../docs/explain/sigmoid-tanh-3-4-3-2.json")));
        int stages = stepThrough("3-4-3-2", spec, WeightNotation.PYTORCH, Layout.Style.CHAIN);
        assertThat(stages).isEqualTo(9);
    }

    /** Opens the page, checks every stage against the JSON, returns the number of stages. */
    private int stepThrough(String name, ExplainSpec spec, WeightNotation notation, Layout.Style style) throws IOException {
        // what explain --json and explain --format html --notation N --layout S print
        Explanation e = Explainer.explain(spec);
        Map<?, ?> json = (Map<?, ?>) Json.parse(JsonRenderer.render(e));
        Path page = dir.resolve(name + ".html");
        Files.writeString(page, HtmlRenderer.render(e, Layout.of(e, notation, style), notation));
        driver.get(page.toUri().toString());

        int count = driver.findElements(By.cssSelector("#stepper .stage")).size();
        for (int s = 0; s < count; s++) {
            WebElement stage = driver.findElement(By.cssSelector("#stepper .stage[data-stage='" + s + "']"));
            assertThat(stage.isDisplayed()).as("stage %d shown", s).isTrue();
            assertThat(driver.findElement(By.id("stage-title")).getText()).startsWith("Stage " + (s + 1) + " of " + count);
            String kind = stage.getAttribute("data-kind");
            List<String> keys = new ArrayList<>();
            for (WebElement label : driver.findElements(By.cssSelector("#net [data-key]"))) {
                String key = label.getAttribute("data-key");
                keys.add(key);
                checkLabel(json, key, label.getText());
            }
            expectKeys(kind, Integer.parseInt(stage.getAttribute("data-layer")), keys, json);
            // the page never scrolls sideways at 1280 px
            assertThat(((Number) driver.executeScript("return document.documentElement.scrollWidth")).intValue())
                    .isLessThanOrEqualTo(1280);
            screenshot("target/explain-" + name + "-" + s + ".png");
            if (s < count - 1) {
                driver.findElement(By.id("next")).click();
            }
        }
        assertThat(driver.findElement(By.id("next")).isEnabled()).isFalse();
        driver.findElement(By.id("prev")).click();
        assertThat(driver.findElement(By.id("stage-title")).getText()).startsWith("Stage " + (count - 1) + " of");
        return count;
    }

    /** What each stage must show: every neuron's z and a after its forward stage, δ and every ∂L/∂w backward. */
    private static void expectKeys(String kind, int layer, List<String> keys, Map<?, ?> json) {
        List<?> forward = (List<?>) json.get("forward");
        switch (kind) {
            case "forward":
                for (int j = 0; j < ((List<?>) ((Map<?, ?>) forward.get(layer)).get("z")).size(); j++) {
                    assertThat(keys).contains("z:" + layer + ":" + j, "a:" + layer + ":" + j);
                }
                break;
            case "backward":
                List<?> w = (List<?>) ((Map<?, ?>) json.get("gradients")).get("layers." + layer + ".weight");
                for (int j = 0; j < w.size(); j++) {
                    assertThat(keys).contains("delta:" + layer + ":" + j);
                    for (int i = 0; i < ((List<?>) w.get(j)).size(); i++) {
                        assertThat(keys).contains("grad:" + layer + ":" + j + ":" + i);
                    }
                }
                break;
            case "update":
                assertThat(keys).contains("update:0:0:0", "updateb:0:0");
                break;
            case "loss":
                assertThat(keys).contains("loss");
                break;
            default:
                assertThat(keys).contains("w:0:0:0", "x:0");
        }
    }

    /** The numbers in a label ({@code w¹₂₁ = 0.2}, {@code δ = 0.21155}, {@code 0.15 → 0.14471}) against the JSON. */
    private static void checkLabel(Map<?, ?> json, String key, String text) {
        String[] k = key.split(":");
        List<Double> expected = new ArrayList<>();
        switch (k[0]) {
            case "x": expected.add(at(json.get("input"), k[1])); break;
            case "loss": expected.add(((Number) json.get("loss")).doubleValue()); break;
            case "z": case "a":
                expected.add(at(((Map<?, ?>) ((List<?>) json.get("forward")).get(Integer.parseInt(k[1]))).get(k[0]), k[2]));
                break;
            case "delta": expected.add(at(((Map<?, ?>) json.get("deltas")).get("layers." + k[1]), k[2])); break;
            case "w": expected.add(param(json, "parameters", k[1], "weight", k[2], k[3])); break;
            case "grad": expected.add(param(json, "gradients", k[1], "weight", k[2], k[3])); break;
            case "b": expected.add(param(json, "parameters", k[1], "bias", k[2])); break;
            case "update":
                expected.add(param(json, "parameters", k[1], "weight", k[2], k[3]));
                expected.add(param(json, "updated", k[1], "weight", k[2], k[3]));
                break;
            case "updateb":
                expected.add(param(json, "parameters", k[1], "bias", k[2]));
                expected.add(param(json, "updated", k[1], "bias", k[2]));
                break;
            default: throw new AssertionError("unknown label " + key);
        }
        String numbers = text.contains("=") ? text.substring(text.lastIndexOf('=') + 1) : text.replaceFirst("^b ", "");
        String[] shown = numbers.trim().split("\\s*→\\s*");
        assertThat(shown).as(key + ": '" + text + "'").hasSize(expected.size());
        for (int i = 0; i < shown.length; i++) {
            double v = Double.parseDouble(shown[i]);
            double e = expected.get(i);
            assertThat(Math.abs(v - e)).as(key + ": shown '" + text + "', explain --json " + e)
                    .isLessThanOrEqualTo(5e-5 * Math.abs(e) + 1e-300);
        }
    }

    private static double param(Map<?, ?> json, String what, String layer, String kind, String... index) {
        Object v = ((Map<?, ?>) json.get(what)).get("layers." + layer + "." + kind);
        for (String i : index) {
            v = ((List<?>) v).get(Integer.parseInt(i));
        }
        return ((Number) v).doubleValue();
    }

    private static double at(Object list, String index) {
        return ((Number) ((List<?>) list).get(Integer.parseInt(index))).doubleValue();
    }

    private void screenshot(String path) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(Path.of(path).getParent());
        Files.copy(shot.toPath(), Path.of(path), StandardCopyOption.REPLACE_EXISTING);
    }
}
