package org.backprop.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void theSameSeedGivesTheSameSequenceAndTheKnownFirstValue() {
        // Given two generators with seed 42
        Rng a = new Rng(42);
        Rng b = new Rng(42);

        // When / Then: identical streams of every kind
        for (int i = 0; i < 1000; i++) {
            assertThat(a.nextLong()).isEqualTo(b.nextLong());
            assertThat(a.nextGaussian()).isEqualTo(b.nextGaussian());
            assertThat(a.nextInt(17)).isEqualTo(b.nextInt(17));
        }
        // and SplitMix64's reference output for seed 0 (Vigna's splitmix64.c)
        assertThat(new Rng(0).nextLong()).isEqualTo(0xe220a8397b1dcdafL);
        assertThat(new Rng(1).nextLong()).isNotEqualTo(new Rng(2).nextLong());
    }

    @Test
    void forksAreReproducibleIndependentAndDoNotAdvanceTheParent() {
        // Given a parent
        Rng parent = new Rng(7);

        // When two streams are forked
        long[] s0 = draw(parent.fork(0), 100);
        long[] s1 = draw(parent.fork(1), 100);
        long[] again = draw(parent.fork(0), 100);

        // Then the same stream number gives the same child, different ones differ, parent unmoved
        assertThat(again).containsExactly(s0);
        assertThat(Arrays.equals(s0, s1)).isFalse();
        int same = 0;
        for (int i = 0; i < 100; i++) {
            same += s0[i] == s1[i] ? 1 : 0;
        }
        assertThat(same).isZero();
        assertThat(parent.nextLong()).isEqualTo(new Rng(7).nextLong());
        assertThat(draw(parent.fork(0), 3)).isNotEqualTo(draw(new Rng(7), 3));
    }

    @Test
    void nextIntStaysInBoundsAndCoversEveryValueRoughlyEvenly() {
        // Given a bound of 7 and 70 000 draws
        Rng rng = new Rng(3);
        int[] counts = new int[7];

        // When
        for (int i = 0; i < 70_000; i++) {
            int k = rng.nextInt(7);
            assertThat(k).isBetween(0, 6);
            counts[k]++;
        }

        // Then each value appears about 10 000 times (sd ≈ 93)
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500);
        }
        assertThat(new Rng(1).nextInt(1)).isZero();
        assertThatThrownBy(() -> rng.nextInt(0)).hasMessageContaining("bound").hasMessageContaining("0");
    }

    @Test
    void uniformDoublesAreInTheUnitInterval() {
        // Given / When / Then
        Rng rng = new Rng(5);
        double sum = 0;
        for (int i = 0; i < 100_000; i++) {
            double u = rng.nextDouble();
            assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1);
            sum += u;
        }
        assertThat(sum / 100_000).isBetween(0.49, 0.51);
        double v = rng.uniform(-2, 3);
        assertThat(v).isBetween(-2.0, 3.0);
    }

    @Test
    void gaussianHasMeanZeroAndVarianceOne() {
        // Given 200 000 normal deviates
        Rng rng = new Rng(11);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;

        // When
        for (int i = 0; i < n; i++) {
            double g = rng.nextGaussian();
            sum += g;
            sumSq += g * g;
        }

        // Then mean ≈ 0 (sd of the mean ≈ 0.0022) and variance ≈ 1 (sd ≈ 0.0032)
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        assertThat(mean).isBetween(-0.01, 0.01);
        assertThat(variance).isBetween(0.985, 1.015);
    }

    @Test
    void permutationsContainEveryIndexOnceAndRepeatWithTheSeed() {
        // Given / When
        int[] p = new Rng(9).permutation(50);

        // Then
        assertThat(p).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 50).toArray());
        assertThat(new Rng(9).permutation(50)).containsExactly(p);
        assertThat(p).isNotEqualTo(java.util.stream.IntStream.range(0, 50).toArray());
    }

    private static long[] draw(Rng rng, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextLong();
        }
        return out;
    }
}
