package org.backprop.tensor.kernel;

import java.lang.ref.Cleaner;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A matrix product spread over a fixed number of threads by a fixed partition of the <em>output</em>:
 * each thread computes a band of C's columns (or rows, when C is tall), the whole sum for each of
 * its elements. The reduction dimension is never split, so no element's sum depends on the thread
 * count: results are bit-identical for 1, 2 or more threads.
 *
 * <p>Handing work to another thread costs 10–40 µs, so products under
 * {@value #PARALLEL_MIN_WORK} multiply-adds run on the calling thread alone.
 *
 * <p>The calling thread does the first band itself; the others go to daemon worker threads owned
 * by this instance, which spin briefly for the next product and then park. Nothing is allocated
 * per product. An instance serves one caller at a time (it owns its scratch buffers); create one
 * per engine with {@link Kernels#gemm(int)}. {@link #close()} stops the workers (they also stop
 * when the instance becomes unreachable).
 */
public final class ParallelGemm implements Gemm, AutoCloseable {
    /** Products with fewer multiply-adds than this stay on one thread. */
    public static final long PARALLEL_MIN_WORK = 1L << 20;
    private static final long SPIN_NANOS = 200_000;
    private static final Cleaner CLEANER = Cleaner.create();

    private final Crew crew;
    private final Cleaner.Cleanable cleanable;
    private final String name;
    private long generation;

    ParallelGemm(Supplier<TileKernel> kernels, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        TileKernel[] tiles = new TileKernel[threads];
        for (int t = 0; t < threads; t++) {
            tiles[t] = kernels.get();
        }
        this.crew = new Crew(tiles);
        this.name = tiles[0].name() + (threads == 1 ? "" : " ×" + threads + " threads");
        for (int t = 1; t < threads; t++) {
            Worker w = new Worker(crew, t);
            Thread thread = new Thread(w, "backprop-gemm-" + t);
            thread.setDaemon(true);
            w.thread = thread;
            crew.workers[t - 1] = w;
            thread.start();
        }
        Crew c = crew;
        this.cleanable = CLEANER.register(this, () -> c.shutdown());
    }

    /** The number of threads a large product is spread over. */
    public int threads() {
        return crew.tiles.length;
    }

    @Override
    public void sgemm(Trans transA, Trans transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
        Crew w = crew;
        int parts = w.tiles.length;
        if (parts == 1 || (long) m * n * k < PARALLEL_MIN_WORK) {
            w.tiles[0].multiply(transA, transB, m, n, k, a, b, beta, c, 0, m, 0, n);
            return;
        }
        TileKernel t0 = w.tiles[0];
        int colUnits = (n + t0.columnUnit() - 1) / t0.columnUnit();
        int rowUnits = (m + t0.rowUnit() - 1) / t0.rowUnit();
        boolean splitColumns = n >= m ? colUnits >= parts : rowUnits < parts;
        int units = splitColumns ? colUnits : rowUnits;
        if (units < parts) {
            t0.multiply(transA, transB, m, n, k, a, b, beta, c, 0, m, 0, n);
            return;
        }
        w.set(transA, transB, m, n, k, a, b, beta, c, splitColumns, units);
        long gen = ++generation;
        for (Worker worker : w.workers) {
            worker.posted = gen;
            if (worker.parked) {
                LockSupport.unpark(worker.thread);
            }
        }
        Throwable failure = null;
        try {
            w.runPart(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Worker worker : w.workers) {
            int spins = 0;
            while (worker.done != gen) {
                if (++spins > 10_000) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
            if (worker.failure != null && failure == null) {
                failure = worker.failure;
                worker.failure = null;
            }
        }
        w.clear();
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure != null) {
            throw (Error) failure;
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** Stops the worker threads; later products run on the calling thread alone. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /** The state shared with the worker threads (never the {@link ParallelGemm} itself, so it can be collected). */
    private static final class Crew {
        final TileKernel[] tiles;
        final Worker[] workers;
        volatile boolean stopped;
        private Trans transA;
        private Trans transB;
        private int m;
        private int n;
        private int k;
        private float[] a;
        private float[] b;
        private float beta;
        private float[] c;
        private boolean splitColumns;
        private int units;

        Crew(TileKernel[] tiles) {
            this.tiles = tiles;
            this.workers = new Worker[tiles.length - 1];
        }

        void set(Trans ta, Trans tb, int m, int n, int k, float[] a, float[] b, float beta, float[] c,
                 boolean splitColumns, int units) {
            this.transA = ta;
            this.transB = tb;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.b = b;
            this.beta = beta;
            this.c = c;
            this.splitColumns = splitColumns;
            this.units = units;
        }

        void clear() {
            a = null;
            b = null;
            c = null;
        }

        /** Band {@code part} of the output: units {@code [part·U/P, (part+1)·U/P)}. */
        void runPart(int part) {
            TileKernel tile = tiles[part];
            int parts = tiles.length;
            int first = (int) ((long) part * units / parts);
            int last = (int) ((long) (part + 1) * units / parts);
            if (splitColumns) {
                int u = tile.columnUnit();
                tile.multiply(transA, transB, m, n, k, a, b, beta, c, 0, m, first * u, Math.min(n, last * u));
            } else {
                int u = tile.rowUnit();
                tile.multiply(transA, transB, m, n, k, a, b, beta, c, first * u, Math.min(m, last * u), 0, n);
            }
        }

        void shutdown() {
            stopped = true;
            for (Worker w : workers) {
                if (w != null) {
                    LockSupport.unpark(w.thread);
                }
            }
        }
    }

    /** A worker thread: waits for a new generation number, computes its band, reports it done. */
    private static final class Worker implements Runnable {
        final Crew crew;
        final int part;
        Thread thread;
        volatile long posted;
        volatile long done;
        volatile boolean parked;
        volatile Throwable failure;

        Worker(Crew crew, int part) {
            this.crew = crew;
            this.part = part;
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long spinStart = System.nanoTime();
                int spins = 0;
                while (posted == seen && !crew.stopped) {
                    if ((++spins & 255) == 0 && System.nanoTime() - spinStart > SPIN_NANOS) {
                        parked = true;
                        if (posted == seen && !crew.stopped) {
                            LockSupport.park(this);
                        }
                        parked = false;
                        spinStart = System.nanoTime();
                    } else {
                        Thread.onSpinWait();
                    }
                }
                if (crew.stopped) {
                    return;
                }
                seen = posted;
                try {
                    crew.runPart(part);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                done = seen;
            }
        }
    }
}
