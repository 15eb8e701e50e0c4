package org.backprop.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NoGradTest {

    @Test
    @SuppressWarnings("try") // the NoGrad scope acts by being open; the body need not name it
    void noGraphIsRecordedInsideTheScope() {
        // Given a parameter
        Variable w = Variable.parameter(Tensor.vector(DType.FLOAT64, 1, 2));

        // When an expression is computed inside a no-grad scope
        Variable y;
        try (NoGrad scope = NoGrad.enter()) {
            y = w.mul(w).sum();
        }

        // Then the result is a constant leaf with the right value and no link to w
        assertThat(y.value().item()).isEqualTo(5.0);
        assertThat(y.isLeaf()).isTrue();
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.function()).isNull();
        // and outside the scope recording is back on
        assertThat(w.mul(w).sum().function()).isNotNull();
    }

    @Test
    @SuppressWarnings("try") // the NoGrad scope acts by being open; the body need not name it
    void backwardOnAValueComputedWithoutAGraphIsRefusedWithAClearMessage() {
        // Given a loss computed inside a no-grad scope
        Variable w = Variable.parameter(Tensor.vector(DType.FLOAT64, 1, 2));
        Variable loss;
        try (NoGrad scope = NoGrad.enter()) {
            loss = w.mul(w).sum();
        }

        // When / Then: not a silent no-op that leaves w without a gradient
        Variable l = loss;
        org.assertj.core.api.Assertions.assertThatThrownBy(l::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NoGrad").hasMessageContaining("does not depend on any parameter");
        assertThat(w.grad()).isNull();
    }

    @Test
    void scopesNestAndADoubleCloseIsHarmless() {
        // Given two nested scopes
        assertThat(NoGrad.isGradEnabled()).isTrue();
        NoGrad outer = NoGrad.enter();
        NoGrad inner = NoGrad.enter();
        assertThat(NoGrad.isGradEnabled()).isFalse();

        // When the inner one closes (twice)
        inner.close();
        inner.close();

        // Then gradients are still off until the outer one closes too
        assertThat(NoGrad.isGradEnabled()).isFalse();
        outer.close();
        assertThat(NoGrad.isGradEnabled()).isTrue();
    }

    @Test
    @SuppressWarnings("try") // the NoGrad scope acts by being open; the body need not name it
    void theScopeBelongsToItsThreadOnly() throws Exception {
        // Given a scope open on this thread
        try (NoGrad scope = NoGrad.enter()) {
            // When another thread asks
            boolean elsewhere = CompletableFuture.supplyAsync(NoGrad::isGradEnabled).get();

            // Then gradients are on there
            assertThat(elsewhere).isTrue();
            assertThat(NoGrad.isGradEnabled()).isFalse();
        }
    }
}
