package org.backprop.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground end to end in Debian's headless Chromium, driven by Selenium through
 * {@code /usr/bin/chromedriver} (so Selenium Manager downloads nothing): open the page, press
 * play, see the test loss fall, pause, click a weight, see its gradient as chain-rule factors;
 * switch input features, watch every neuron's heatmap, train a regression.
 * Screenshots go to {@code target/playground-*.png}. Skipped only where Chromium is not installed
 * ({@code .ci/run} installs it).
 */
@Tag("browser")
@Tag("slow")
@org.junit.jupiter.api.Timeout(600) // a guard against a hung browser, not a speed assertion
class PlaygroundBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private PlaygroundServer server;
    private ChromeDriver driver;
    private Path profile;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed");
        server = PlaygroundServer.start(0, PlaygroundConfig.defaults());
        profile = Files.createTempDirectory("playground-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1300,860", "--user-data-dir=" + profile);
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
        if (server != null) {
            server.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void playLowersTheTestLossAndAClickedWeightShowsItsGradient() throws IOException {
        // Given the page, loaded and streaming its first state
        driver.get(server.uri().toString());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> !d.findElement(By.id("testLoss")).getText().equals("–"));
        double initial = Double.parseDouble(driver.findElement(By.id("testLoss")).getText());
        screenshot("target/playground-start.png");

        // When play is pressed
        driver.findElement(By.id("play")).click();

        // Then epochs pass and the test loss falls well below where it started
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> epoch() >= 30 && testLoss() < 0.9 * initial);
        driver.findElement(By.id("play")).click(); // pause
        wait.until(d -> d.findElement(By.id("play")).getText().contains("Play"));
        assertThat(testLoss()).isLessThan(initial);

        // When a weight of the first layer is clicked
        WebElement weight = driver.findElement(By.cssSelector("line.weight[data-layer='0'][data-row='0'][data-col='1']"));
        driver.executeScript("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", weight);

        // Then its gradient appears as chain-rule factors with the finite difference beside it
        try {
            wait.until(d -> d.findElement(By.id("gradient")).getText().startsWith("∂L/∂w¹₁₂ ="));
        } finally {
            screenshot("target/playground.png");
        }
        String text = driver.findElement(By.id("gradient")).getText();
        assertThat(text).contains("tanh'(z¹₁)").contains("x₂").contains("finite difference")
                .contains("last batch gradient");
        if (Boolean.getBoolean("playground.updateScreenshot")) {
            Files.copy(Path.of("target/playground.png"), Path.of("../docs/playground.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void controlsChangeTheDatasetAndAReloadReattachesToTheSession() throws IOException {
        // Given the page
        driver.get(server.uri().toString());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> !d.findElement(By.id("testLoss")).getText().equals("–"));

        // When the spiral dataset is chosen, a hidden layer added, and three single steps taken
        driver.findElement(By.cssSelector("#datasets button[data-dataset='spiral']")).click();
        wait.until(d -> d.findElement(By.cssSelector("#datasets button.chosen")).getText().equals("spiral"));
        driver.findElement(By.id("addLayer")).click();
        wait.until(d -> d.findElement(By.id("layerCount")).getText().equals("3"));
        for (int i = 1; i <= 3; i++) {
            driver.findElement(By.id("step")).click();
            int expected = i;
            wait.until(d -> epoch() == expected);
        }

        // Then the network has three hidden layers drawn (4+2+2+1 neurons, beside the 7 inputs) and the epoch is 3
        assertThat(driver.findElements(By.cssSelector("#network rect.node"))).hasSize(9);
        assertThat(driver.findElements(By.cssSelector("#network rect.input"))).hasSize(7);
        String session = (String) driver.executeScript(
                "return new URLSearchParams(location.search).get('session') || null");
        assertThat(session).isNull();

        // And a reload of the same session (?session=ID) shows the same state
        String id = server.sessionIds().get(server.sessionIds().size() - 1);
        driver.get(server.uri() + "?session=" + id);
        wait.until(d -> d.findElement(By.id("epoch")).getText().equals("3"));
        assertThat(driver.findElement(By.cssSelector("#datasets button.chosen")).getText()).isEqualTo("spiral");
        screenshot("target/playground-spiral.png");
    }

    @Test
    void aLinkReproducesTheSetupEightNeuronsAllShowAndTheBackwardPassPageOpens() throws IOException {
        // Given a link with six hidden layers of 8 neurons, rates of 3 and 10, test points hidden, output discretized
        driver.get(server.uri() + "#dataset=xor&noise=0&trainRatio=0.5&activation=tanh&learningRate=3&batchSize=10"
                + "&regularization=l2&regularizationRate=10&seed=1&hidden=8,8,8,8,8,8&showTest=0&discretize=1"
                + "&showGradients=0");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> d.findElement(By.id("layerCount")).getText().equals("6"));

        // Then every neuron is drawn inside the drawing: 7 inputs (2 on) + 6×8 hidden + 1 output
        List<WebElement> nodes = driver.findElements(By.cssSelector("#network rect.node, #network rect.input"));
        assertThat(nodes).hasSize(56);
        WebElement svg = driver.findElement(By.id("network"));
        for (WebElement c : nodes) {
            assertThat(c.getRect().getY() + c.getRect().getHeight())
                    .isLessThanOrEqualTo(svg.getRect().getY() + svg.getRect().getHeight());
        }
        // and each layer's −/+ buttons stand over that layer's column
        for (int layer = 0; layer < 6; layer++) {
            WebElement span = driver.findElement(By.cssSelector("#neuronButtons span[data-layer='" + layer + "']"));
            WebElement neuron = driver.findElement(By.cssSelector("#network rect.node[data-layer='" + (layer + 1) + "']"));
            double spanCentre = span.getRect().getX() + span.getRect().getWidth() / 2.0;
            double neuronCentre = neuron.getRect().getX() + neuron.getRect().getWidth() / 2.0;
            assertThat(Math.abs(spanCentre - neuronCentre)).as("layer %d buttons", layer).isLessThan(12);
        }
        // the settings came from the link
        assertThat(driver.findElement(By.id("learningRate")).getAttribute("value")).isEqualTo("3");
        assertThat(driver.findElement(By.id("regularizationRate")).getAttribute("value")).isEqualTo("10");
        assertThat(driver.findElement(By.id("discretize")).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("showTest")).isSelected()).isFalse();
        // and the output panel stands beside the network at 1300 px, not below the fold
        WebElement output = driver.findElement(By.id("output"));
        assertThat(output.getRect().getY()).isLessThan(svg.getRect().getY());
        assertThat(output.getRect().getX() + output.getRect().getWidth()).isLessThanOrEqualTo(1300);

        // When a step is taken and the gradient colouring switched on
        driver.findElement(By.id("step")).click();
        wait.until(d -> epoch() == 1);
        driver.findElement(By.id("showGradients")).click();
        wait.until(d -> d.findElement(By.id("networkLegend")).getText().contains("∂L/∂w| of the last batch"));
        // Then the URL carries the new setting, and a changed dataset too
        driver.findElement(By.cssSelector("#datasets button[data-dataset='spiral']")).click();
        wait.until(d -> ((String) driver.executeScript("return location.hash")).contains("dataset=spiral"));
        assertThat((String) driver.executeScript("return location.hash")).contains("showGradients=1")
                .contains("hidden=8%2C8%2C8%2C8%2C8%2C8");
        screenshot("target/playground-parity.png");

        // When a neuron of the first hidden layer is clicked, its bias is explained as a bias
        WebElement neuron = driver.findElement(By.cssSelector("#network rect.node[data-layer='1'][data-row='0']"));
        driver.executeScript("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", neuron);
        wait.until(d -> d.findElement(By.id("gradient")).getText().startsWith("∂L/∂b¹₁ ="));
        assertThat(driver.findElement(By.id("gradient")).getText()).contains("bias now:").doesNotContain("weight now:")
                .contains("of the plot").contains("x₁ = x₁/6 = ").contains("x₂ = x₂/6 = ");

        // And the backward-pass page for one example opens from a session (a small network: the page of a 6×8 one
        // holds some 400 gradients, slow to lay out on a loaded machine)
        driver.get(server.uri() + "?fresh#dataset=circle&hidden=3&learningRate=0.1"); // a new page, not just a new hash
        wait.until(d -> d.findElement(By.id("layerCount")).getText().equals("1"));
        driver.findElement(By.id("step")).click();
        wait.until(d -> epoch() == 1);
        String session = server.sessionIds().get(server.sessionIds().size() - 1);
        driver.get(server.uri() + "api/explain-page?session=" + session);
        // network, forward ×2, loss, backward ×2, update
        wait.until(d -> d.findElement(By.id("stage-title")).getText().startsWith("Stage 1 of 7"));
        driver.findElement(By.id("next")).click();
        assertThat(driver.findElement(By.id("stage-title")).getText()).startsWith("Stage 2 of 7");
        assertThat(driver.findElements(By.cssSelector("#net [data-key^='z:0:']"))).hasSize(3);
        screenshot("target/playground-explain-page.png");
    }

    @Test
    void inputFeaturesSetTheInputWidthAndTheSquaresSeparateTheCircleWithoutAHiddenLayer() throws IOException {
        // Given the page with no hidden layer and a learning rate of 3
        driver.get(server.uri().toString());
        WebDriverWait wait = loaded();
        driver.findElement(By.id("removeLayer")).click();
        wait.until(d -> d.findElement(By.id("layerCount")).getText().equals("1"));
        driver.findElement(By.id("removeLayer")).click();
        wait.until(d -> d.findElement(By.id("layerCount")).getText().equals("0"));
        new Select(driver.findElement(By.id("learningRate"))).selectByVisibleText("3");
        wait.until(d -> hash().contains("learningRate=3&"));
        assertThat(driver.findElements(By.cssSelector("line.weight[data-layer='0']"))).hasSize(2);

        // When x₁² and x₂² are switched on and x₁, x₂ off, by clicking the inputs
        for (String[] toggle : new String[][] {{"x1sq", "x1%2Cx2%2Cx1sq"}, {"x2sq", "x1%2Cx2%2Cx1sq%2Cx2sq"},
            {"x1", "x2%2Cx1sq%2Cx2sq"}, {"x2", "x1sq%2Cx2sq"}}) {
            dispatch(driver.findElement(By.cssSelector("#network rect.input[data-feature='" + toggle[0] + "']")), "click");
            wait.until(d -> hash().contains("features=" + toggle[1] + "&"));
        }

        // Then the network takes two inputs, x₁² and x₂², drawn on; the others are drawn off
        wait.until(d -> d.findElements(By.cssSelector("#network rect.input:not(.off)")).size() == 2);
        assertThat(driver.findElements(By.cssSelector("#network rect.input.off"))).hasSize(5);
        assertThat(driver.findElement(By.cssSelector("#network rect.input[data-feature='x1sq']")).getAttribute("class"))
                .isEqualTo("input");
        List<WebElement> firstLayer = driver.findElements(By.cssSelector("line.weight[data-layer='0']"));
        assertThat(firstLayer).hasSize(2);

        // When it plays, then σ(w₁x₁² + w₂x₂² + b) separates the circle: the test accuracy reaches 99 %
        driver.findElement(By.id("play")).click();
        try {
            new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> testAccuracy() >= 99);
        } finally {
            driver.findElement(By.id("play")).click();
            screenshot("target/playground-features.png");
        }

        // And the last input cannot be switched off: the page says so and keeps it
        dispatch(driver.findElement(By.cssSelector("#network rect.input[data-feature='x1sq']")), "click");
        wait.until(d -> hash().contains("features=x2sq&"));
        dispatch(driver.findElement(By.cssSelector("#network rect.input[data-feature='x2sq']")), "click");
        wait.until(d -> d.findElement(By.id("status")).getText().equals("the network needs at least one input"));
        assertThat(hash()).contains("features=x2sq&");
    }

    @Test
    void everyNeuronDrawsWhatItComputesLiveAndPointingAtOneShowsItLarge() throws IOException {
        // Given the default page (inputs x₁, x₂; 4-2 tanh; the output)
        driver.get(server.uri().toString());
        WebDriverWait wait = loaded();

        // Then each of the 7 inputs and each of the 4 + 2 + 1 neurons has a heatmap thumbnail
        assertThat(driver.findElements(By.cssSelector("#network image.heatmap[data-feature]"))).hasSize(7);
        List<String> before = neuronHeatmaps();
        assertThat(before).hasSize(7).allSatisfy(h -> assertThat(h).startsWith("data:image/png;base64,"));

        // When it trains five epochs
        for (int i = 1; i <= 5; i++) {
            driver.findElement(By.id("step")).click();
            int expected = i;
            wait.until(d -> epoch() == expected);
        }
        // Then every neuron's heatmap has changed
        List<String> after = neuronHeatmaps();
        for (int k = 0; k < before.size(); k++) {
            assertThat(after.get(k)).as("neuron heatmap %d", k).isNotEqualTo(before.get(k));
        }

        // When the pointer rests on the first hidden neuron, the large plot shows that neuron
        String output = canvas();
        assertThat(driver.findElement(By.id("heatmapTitle")).getText()).isEqualTo("Output: p(class 1) over the plot");
        WebElement neuron = driver.findElement(By.cssSelector("#network rect.node[data-layer='1'][data-row='0']"));
        dispatch(neuron, "mouseenter");
        wait.until(d -> d.findElement(By.id("heatmapTitle")).getText()
                .equals("Neuron 1 of hidden layer 1: a = tanh(z) over the plot"));
        assertThat(canvas()).isNotEqualTo(output);
        screenshot("target/playground-heatmaps.png");
        // and an input shows its feature; leaving gives the output back
        dispatch(driver.findElement(By.cssSelector("#network rect.input[data-feature='sinx1']")), "mouseenter");
        wait.until(d -> d.findElement(By.id("heatmapTitle")).getText().equals("Input sin x₁ = sin x₁ (switched off)"));
        dispatch(driver.findElement(By.cssSelector("#network rect.input[data-feature='sinx1']")), "mouseleave");
        wait.until(d -> d.findElement(By.id("heatmapTitle")).getText().startsWith("Output"));
        assertThat(canvas()).isEqualTo(output);
    }

    @Test
    void aRegressionLinkReproducesItsSetupAndTheTestLossFalls() throws IOException {
        // Given a link to the multi-Gaussian regression with x₁, x₂, sin x₁, sin x₂ and two layers of 8
        driver.get(server.uri() + "#problem=regression&dataset=multi_gaussian&features=x1,x2,sinx1,sinx2"
                + "&hidden=8,8&learningRate=0.03&discretize=1");
        WebDriverWait wait = loaded();
        wait.until(d -> d.findElement(By.id("layerCount")).getText().equals("2"));

        // Then the page is set up as the link says
        wait.until(d -> "multi-gaussian".equals(d.findElement(By.cssSelector("#datasets button.chosen")).getText()));
        assertThat(driver.findElements(By.cssSelector("#datasets button"))).extracting(WebElement::getText)
                .containsExactly("plane", "multi-gaussian");
        assertThat(new Select(driver.findElement(By.id("problem"))).getFirstSelectedOption().getText()).isEqualTo("regression");
        assertThat(driver.findElements(By.cssSelector("#network rect.input:not(.off)")))
                .extracting(e -> e.getAttribute("data-feature")).containsExactly("x1", "x2", "sinx1", "sinx2");
        assertThat(driver.findElements(By.cssSelector("line.weight[data-layer='0']"))).hasSize(4 * 8);
        // a regression: no accuracy, no classes to discretize, the value's colour scale
        assertThat(driver.findElement(By.id("accuracyStat")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("discretize")).isEnabled()).isFalse();
        assertThat(driver.findElement(By.id("heatmapTitle")).getText()).isEqualTo("Output: ŷ over the plot");
        assertThat(driver.findElement(By.id("outputLegend")).getText()).contains("orange −1, white 0, blue +1");

        // When it plays, then the test loss (the mean squared error) falls
        double initial = testLoss();
        driver.findElement(By.id("play")).click();
        try {
            new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> epoch() >= 20 && testLoss() < 0.7 * initial);
        } finally {
            driver.findElement(By.id("play")).click();
            screenshot("target/playground-regression.png");
        }

        // When the plane is chosen, the link follows; and classification brings its datasets back
        driver.findElement(By.cssSelector("#datasets button[data-dataset='plane']")).click();
        wait.until(d -> hash().contains("problem=regression&dataset=plane&"));
        new Select(driver.findElement(By.id("problem"))).selectByValue("classification");
        wait.until(d -> hash().contains("problem=classification&dataset=circle&"));
        wait.until(d -> d.findElement(By.id("discretize")).isEnabled());
        assertThat(driver.findElements(By.cssSelector("#datasets button"))).hasSize(5);
        assertThat(hash()).contains("features=x1%2Cx2%2Csinx1%2Csinx2&");
    }

    /** Waits for the page's first state. */
    private WebDriverWait loaded() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> !d.findElement(By.id("testLoss")).getText().equals("–"));
        return wait;
    }

    private String hash() {
        return (String) driver.executeScript("return location.hash");
    }

    private void dispatch(WebElement e, String event) {
        driver.executeScript("arguments[0].dispatchEvent(new MouseEvent(arguments[1], {bubbles: true}))", e, event);
    }

    /** The neurons' heatmap images (data URLs), layer by layer. */
    @SuppressWarnings("unchecked")
    private List<String> neuronHeatmaps() {
        return (List<String>) driver.executeScript("return Array.from(document.querySelectorAll("
                + "'#network image.heatmap[data-layer]'), i => i.getAttribute('href'))");
    }

    /** The large plot's pixels as a data URL. */
    private String canvas() {
        return (String) driver.executeScript("return document.getElementById('boundary').toDataURL()");
    }

    private double testAccuracy() {
        String t = driver.findElement(By.id("testAccuracy")).getText();
        return t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) : 0;
    }

    private int epoch() {
        return Integer.parseInt(driver.findElement(By.id("epoch")).getText());
    }

    private double testLoss() {
        return Double.parseDouble(driver.findElement(By.id("testLoss")).getText());
    }

    private void screenshot(String path) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(Path.of(path).getParent());
        Files.copy(shot.toPath(), Path.of(path), StandardCopyOption.REPLACE_EXISTING);
    }
}
