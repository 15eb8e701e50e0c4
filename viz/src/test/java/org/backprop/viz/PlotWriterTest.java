package org.backprop.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class PlotWriterTest {

    @Test
    void plotsAreWrittenAsPngAndSvg(@TempDir Path dir) throws Exception {
        // When the sample report's plots are written
        List<Path> files = PlotWriter.write(HtmlReportWriterTest.sample(), dir.resolve("plots"));

        // Then each curve is a PNG of 800 × 480 that decodes, and an SVG document that parses with the right size
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("loss.png", "loss.svg",
                "metric.png", "metric.svg", "gradient-norms.png", "gradient-norms.svg");
        for (int i = 0; i < files.size(); i += 2) {
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(files.get(i))));
            assertThat(png.getWidth()).isEqualTo(800);
            assertThat(png.getHeight()).isEqualTo(480);
            Document svg = svgParser().parse(files.get(i + 1).toFile());
            assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
            assertThat(svg.getDocumentElement().getAttribute("width")).startsWith("800");
        }
        assertThat(Files.readString(files.get(1))).contains("viewBox=\"0 0 800 480\"", "<path"); // text is drawn as paths
        assertThat(Files.list(dir.resolve("plots"))).hasSize(6); // no temporary file left behind
    }

    @Test
    void theWritersOfOtherFormatsAreNotOnTheClassPath() {
        // The PNG and SVG above were written without what XChart brings for PDF and GIF (excluded in the POM)
        for (String name : List.of("de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D", "org.apache.pdfbox.pdmodel.PDDocument",
                "org.apache.fontbox.ttf.TrueTypeFont", "com.madgag.gif.fmsware.AnimatedGifEncoder")) {
            assertThatThrownBy(() -> Class.forName(name)).isInstanceOf(ClassNotFoundException.class);
        }
    }

    /** An XML parser that does not fetch the SVG DTD the files name (the tests run offline). */
    private static javax.xml.parsers.DocumentBuilder svgParser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder();
    }
}
