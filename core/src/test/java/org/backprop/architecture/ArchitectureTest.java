package org.backprop.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of {@code core}, checked on its compiled classes: no package cycles, and nothing but the
 * JDK underneath. A change that adds a cycle fails here, naming the classes on it.
 *
 * <p>The packages, bottom to top: {@code random}, {@code tensor} → {@code autograd} →
 * {@code nn}, {@code loss}, {@code optim}, {@code data}, {@code metrics} → {@code engine} (training
 * steps and the predictor) → {@code model} (trained model, provenance) → {@code loop} (the
 * trainer) → {@code io} (model files) and {@code train} (the whole run) → {@code explain}.
 */
class ArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() throws URISyntaxException {
        // core's own classes directory (or jar) only: scanning the whole class path takes far longer
        Path classes = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        core = new ClassFileImporter().importPath(classes);
        assertThat(core.containPackage("org.backprop.train")).isTrue();
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("org.backprop.(*)..").should().beFreeOfCycles().check(core);
    }

    /**
     * Every package on its own, sub-packages included, is acyclic too, with one exception written
     * down: {@code autograd.Variable}'s methods ({@code x.add(y)}, {@code x.sum()}) make the ops of
     * {@code autograd.ops}, which are built on {@code Variable} — the micrograd shape, one unit.
     */
    @Test
    void everyPackageIsAcyclic() {
        slices().matching("org.backprop.(**)").should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage("org.backprop.autograd"), resideInAPackage("org.backprop.autograd.ops"))
                .check(core);
    }

    @Test
    void coreDependsOnTheJdkAlone() {
        noClasses().that(alwaysTrue()).should().dependOnClassesThat()
                .resideOutsideOfPackages("java..", "javax..", "jdk.incubator.vector..", "org.backprop..")
                .check(core);
    }
}
