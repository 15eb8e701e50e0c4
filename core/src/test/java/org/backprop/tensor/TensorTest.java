package org.backprop.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop.tensor.kernel.Trans;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void shapeKnowsItsSizeRankAndPrintsLikeAList() {
        // Given / When
        Shape s = Shape.of(32, 784);

        // Then
        assertThat(s.size()).isEqualTo(32 * 784);
        assertThat(s.rank()).isEqualTo(2);
        assertThat(s.dim(-1)).isEqualTo(784);
        assertThat(s).hasToString("[32, 784]");
        assertThat(Shape.scalar().size()).isEqualTo(1);
        assertThat(Shape.scalar()).hasToString("[]");
        assertThat(s.dims()).containsExactly(32, 784);
    }

    @Test
    void shapeRejectsEmptyDimensionsAndBadAxes() {
        // Given / When / Then
        assertThatThrownBy(() -> Shape.of(3, 0)).hasMessageContaining("[3, 0]").hasMessageContaining("dimension 1");
        assertThatThrownBy(() -> Shape.of(2, 3).dim(2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("axis 2").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> Shape.of(1 << 16, 1 << 16)).hasMessageContaining("2^31");
    }

    @Test
    void broadcastingFollowsNumPyAndErrorsNameBothShapes() {
        // Given / When / Then
        assertThat(Shape.broadcast("add", Shape.of(3, 4), Shape.of(4))).isEqualTo(Shape.of(3, 4));
        assertThat(Shape.broadcast("add", Shape.of(3, 1), Shape.of(1, 4))).isEqualTo(Shape.of(3, 4));
        assertThat(Shape.broadcast("add", Shape.scalar(), Shape.of(2, 2))).isEqualTo(Shape.of(2, 2));
        assertThatThrownBy(() -> Shape.broadcast("add", Shape.of(3, 4), Shape.of(3)))
                .isInstanceOf(ShapeMismatchException.class)
                .hasMessageContaining("add").hasMessageContaining("[3, 4]").hasMessageContaining("[3]")
                .hasMessageContaining("4 vs 3");
    }

    @Test
    void elementwiseOperationsBroadcastABiasRowAndAScalar() {
        // Given a [2, 3] batch, a bias row and a scalar
        Tensor x = Tensor.matrix(DType.FLOAT32, new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor bias = Tensor.vector(DType.FLOAT32, 10, 20, 30);
        Tensor two = Tensor.scalar(DType.FLOAT32, 2);

        // When / Then
        assertThat(x.add(bias).toDoubleArray()).containsExactly(11, 22, 33, 14, 25, 36);
        assertThat(x.sub(bias).toDoubleArray()).containsExactly(-9, -18, -27, -6, -15, -24);
        assertThat(x.mul(two).toDoubleArray()).containsExactly(2, 4, 6, 8, 10, 12);
        assertThat(x.div(two).toDoubleArray()).containsExactly(0.5, 1, 1.5, 2, 2.5, 3);
        assertThat(x.add(Tensor.matrix(DType.FLOAT32, new double[][] {{100}, {200}})).toDoubleArray())
                .containsExactly(101, 102, 103, 204, 205, 206);
        assertThatThrownBy(() -> x.add(Tensor.zeros(2)))
                .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[2]");
    }

    @Test
    void mixedTypesComputeInTheWiderType() {
        // Given a float32 and a float64 tensor
        Tensor a = Tensor.vector(DType.FLOAT32, 1);
        Tensor b = Tensor.vector(DType.FLOAT64, 1e-10);

        // When / Then
        assertThat(a.add(b).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(a.add(b).get(0)).isEqualTo(1 + 1e-10);
    }

    @Test
    void sumToReversesBroadcasting() {
        // Given a [2, 3] gradient
        Tensor g = Tensor.matrix(DType.FLOAT64, new double[][] {{1, 2, 3}, {4, 5, 6}});

        // When / Then: summed over the rows for a bias, over everything for a scalar, per row for [2, 1]
        assertThat(g.sumTo(Shape.of(3)).toDoubleArray()).containsExactly(5, 7, 9);
        assertThat(g.sumTo(Shape.of(1, 3)).toDoubleArray()).containsExactly(5, 7, 9);
        assertThat(g.sumTo(Shape.scalar()).item()).isEqualTo(21.0);
        assertThat(g.sumTo(Shape.of(2, 1)).toDoubleArray()).containsExactly(6, 15);
        assertThat(g.sumTo(Shape.of(2, 3))).isEqualTo(g);
        assertThatThrownBy(() -> g.sumTo(Shape.of(2)))
                .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("[2]").hasMessageContaining("[2, 3]");
    }

    @Test
    void matmulComputesEveryTranspositionAndNamesShapesOnMismatch() {
        // Given A = [[1, 2, 3], [4, 5, 6]] and B = [[1, 0], [0, 1], [1, 1]]
        Tensor a = Tensor.matrix(DType.FLOAT32, new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor b = Tensor.matrix(DType.FLOAT32, new double[][] {{1, 0}, {0, 1}, {1, 1}});

        // When / Then: A·B = [[4, 5], [10, 11]]
        assertThat(a.matmul(b).toDoubleArray()).containsExactly(4, 5, 10, 11);
        assertThat(Tensor.matmul(a.transpose(), Trans.T, b, Trans.N).toDoubleArray()).containsExactly(4, 5, 10, 11);
        assertThat(Tensor.matmul(a, Trans.N, b.transpose(), Trans.T).toDoubleArray()).containsExactly(4, 5, 10, 11);
        assertThat(Tensor.matmul(a.transpose(), Trans.T, b.transpose(), Trans.T).toDoubleArray())
                .containsExactly(4, 5, 10, 11);
        assertThat(a.to(DType.FLOAT64).matmul(b).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(a.to(DType.FLOAT64).matmul(b).toDoubleArray()).containsExactly(4, 5, 10, 11);

        assertThatThrownBy(() -> a.matmul(a)).isInstanceOf(ShapeMismatchException.class)
                .hasMessage("matmul: cannot multiply [2, 3] by [2, 3]: inner dimensions 3 and 2 differ");
        assertThatThrownBy(() -> Tensor.matmul(a, Trans.T, b, Trans.N)).hasMessageContaining("[2, 3]ᵀ by [3, 2]");
        assertThatThrownBy(() -> a.matmul(Tensor.zeros(3))).hasMessageContaining("matrices")
                .hasMessageContaining("[3]");
    }

    @Test
    void reshapeKeepsTheElementsAndRefusesAnotherSize() {
        // Given a [2, 3] tensor
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

        // When / Then
        assertThat(t.reshape(3, 2).shape()).isEqualTo(Shape.of(3, 2));
        assertThat(t.reshape(6).toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> t.reshape(4, 2)).isInstanceOf(ShapeMismatchException.class)
                .hasMessageContaining("[2, 3]").hasMessageContaining("[4, 2]").hasMessageContaining("6 elements")
                .hasMessageContaining("8 elements");
    }

    @Test
    void creationChecksLengthsAndRaggedRows() {
        // Given / When / Then
        assertThatThrownBy(() -> Tensor.wrap(new float[5], Shape.of(2, 3))).isInstanceOf(ShapeMismatchException.class)
                .hasMessageContaining("length 5").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> Tensor.matrix(DType.FLOAT32, new double[][] {{1, 2}, {3}}))
                .hasMessageContaining("row 1").hasMessageContaining("1 values").hasMessageContaining("expected 2");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).item()).hasMessageContaining("[2, 3]").hasMessageContaining("6 elements");
    }

    @Test
    void float32StorageRoundsAndFloat64KeepsDoubles() {
        // Given 0.1 stored in both types
        Tensor f = Tensor.vector(DType.FLOAT32, 0.1);
        Tensor d = Tensor.vector(DType.FLOAT64, 0.1);

        // When / Then
        assertThat(f.get(0)).isEqualTo((double) 0.1f);
        assertThat(d.get(0)).isEqualTo(0.1);
        assertThat(f.to(DType.FLOAT64).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(d.to(DType.FLOAT32).get(0)).isEqualTo((double) 0.1f);
        assertThatThrownBy(d::floatData).hasMessageContaining("FLOAT64");
        assertThatThrownBy(f::doubleData).hasMessageContaining("FLOAT32");
        assertThat(DType.promote(DType.FLOAT32, DType.FLOAT64)).isEqualTo(DType.FLOAT64);
    }

    @Test
    void wrapSharesAndOfCopies() {
        // Given an array
        float[] data = {1, 2};

        // When
        Tensor shared = Tensor.wrap(data, Shape.of(2));
        Tensor copied = Tensor.of(data, 2);
        data[0] = 9;

        // Then
        assertThat(shared.get(0)).isEqualTo(9.0);
        assertThat(copied.get(0)).isEqualTo(1.0);
    }

    @Test
    void reductionsArgmaxAndEquality() {
        // Given
        Tensor t = Tensor.matrix(DType.FLOAT64, new double[][] {{1, 5, 5}, {7, 0, -1}});

        // When / Then: argmax takes the first of ties
        assertThat(t.sum()).isEqualTo(17.0);
        assertThat(t.max()).isEqualTo(7.0);
        assertThat(t.argmaxRows()).containsExactly(1, 0);
        assertThat(t.copy()).isEqualTo(t).hasSameHashCodeAs(t);
        assertThat(t.to(DType.FLOAT32)).isNotEqualTo(t);
        assertThat(t.allClose(t.add(Tensor.scalar(DType.FLOAT64, 1e-9)), 1e-8)).isTrue();
        assertThat(t.allClose(t.add(Tensor.scalar(DType.FLOAT64, 1e-7)), 1e-8)).isFalse();
        assertThat(t.transpose().toRows()).isEqualTo(new double[][] {{1, 7}, {5, 0}, {5, -1}});
        assertThat(t.toString()).startsWith("Tensor[2, 3] FLOAT64 [1.0, 5.0");
    }

    @Test
    void inPlaceOperations() {
        // Given
        Tensor t = Tensor.vector(DType.FLOAT64, 1, 2);

        // When
        t.addInPlace(Tensor.vector(DType.FLOAT64, 1, 1));
        t.addScaledInPlace(2, Tensor.vector(DType.FLOAT64, 1, 0));
        t.scaleInPlace(0.5);

        // Then (1+1+2)/2 = 2, (2+1+0)/2 = 1.5
        assertThat(t.toDoubleArray()).containsExactly(2, 1.5);
        assertThatThrownBy(() -> t.addInPlace(Tensor.zeros(3))).hasMessageContaining("[2]").hasMessageContaining("[3]");
    }
}
