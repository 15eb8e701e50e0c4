package org.backprop.tensor.kernel;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A matrix product spread over a fixed number of threads by a fixed partition of the
 * <em>output</em>: C's columns (or rows, when C is tall) are cut into bands (one per thread), and
 * each band's elements are computed whole by whichever thread claims it. The reduction dimension is
 * never split, so however the output is cut, no element's sum depends on the thread count or on
 * which thread ran it: results are bit-identical for 1, 2 or more threads.
 *
 * <p>Threads claim bands from a shared counter, so a thread the operating system has put to sleep
 * (a busy machine) before it claims a band delays nothing: the others take its band. Handing work
 * to another thread costs 10–40 µs, so products under {@value #PARALLEL_MIN_WORK} multiply-adds run on the calling thread
 * alone.
 *
 * <p>The same threads run other work cut the same way: {@link #forEachBand} hands whole bands of
 * rows of a caller's job (the predictor's batched forward, every layer of a band at once) to the
 * threads, each band run by one thread with that thread's own single-threaded kernel.
 *
 * <p>The calling thread works too; the others are daemon worker threads owned by this instance,
 * which spin briefly for the next product and then park. Nothing is allocated per product. An
 * instance serves one caller at a time (it owns its scratch buffers); create one per engine with
 * {@link Kernels#gemm(int)}. {@link #close()} stops the workers (they also stop when the instance
 * becomes unreachable).
 */
public final class ParallelGemm implements Gemm, AutoCloseable {
    /** Products with fewer multiply-adds than this stay on one thread. */
    public static final long PARALLEL_MIN_WORK = 1L << 20;
    /**
     * Bands per thread: one. Each band packs its own copy of the operand the bands share (all of B
     * when the rows are split, all of A when the columns are), so more bands pack it more often: at
     * batch 1024 on two threads, four bands a thread spent 15–17% of both threads packing A and 8–9%
     * packing B, and one band a thread trains 149–158k samples/s against 113–131k (2-vCPU AMD EPYC,
     * AVX-512, quiet; 71–90k against 55–60k under load: a busy loop on one core and, for part of
     * the time, another benchmark, load average 4.1).
     */
    private static final int BANDS_PER_THREAD = 1;
    private static final long SPIN_NANOS = 20_000;
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
        this.cleanable = CLEANER.register(this, c::shutdown);
    }

    /**
     * The number of threads a large product is spread over.
     *
     * @return the thread count given at creation, the calling thread included, at least 1
     */
    public int threads() {
        return crew.tiles.length;
    }

    @Override
    public void sgemm(Trans transA, Trans transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
        Crew w = crew;
        int parts = w.tiles.length;
        TileKernel t0 = w.tiles[0];
        if (parts == 1 || (long) m * n * k < PARALLEL_MIN_WORK) {
            t0.multiply(transA, transB, m, n, k, a, b, beta, c, 0, m, 0, n);
            return;
        }
        int colUnits = (n + t0.columnUnit() - 1) / t0.columnUnit();
        int rowUnits = (m + t0.rowUnit() - 1) / t0.rowUnit();
        boolean splitColumns = n >= m ? colUnits >= parts : rowUnits < parts;
        int units = splitColumns ? colUnits : rowUnits;
        if (units < parts) {
            t0.multiply(transA, transB, m, n, k, a, b, beta, c, 0, m, 0, n);
            return;
        }
        w.product.set(transA, transB, m, n, k, a, b, beta, c, splitColumns);
        run(w.product, units, Math.min(units, BANDS_PER_THREAD * parts));
    }

    /**
     * A job cut into bands of rows, for {@link #forEachBand}: each band is run whole by one thread.
     */
    @FunctionalInterface
    public interface RowBands {
        /**
         * Runs rows {@code rowStart … rowEnd-1} of the job.
         *
         * @param kernel   a single-threaded kernel that belongs to the thread running the band
         * @param part     that thread's index, {@code 0 … threads()-1} (for per-thread scratch)
         * @param rowStart the band's first row
         * @param rowEnd   one past its last row
         */
        void run(Gemm kernel, int part, int rowStart, int rowEnd);
    }

    /**
     * Runs {@code job} over rows {@code 0 … rows-1} cut into {@code ceil(rows / bandRows)} bands of
     * nearly equal size (boundaries on multiples of the kernel's register-tile height), spread over
     * the threads; returns when every band is done. The bands depend only on {@code rows} and
     * {@code bandRows}, never on the thread count. With one thread or one band the calling thread
     * runs them all, in order. Allocates nothing.
     *
     * @param rows     the rows of the job, at least 0
     * @param bandRows the most rows of a band, at least 1
     * @param job      the work of one band
     * @throws IllegalArgumentException if {@code bandRows < 1} or {@code rows < 0}
     */
    public void forEachBand(int rows, int bandRows, RowBands job) {
        if (bandRows < 1 || rows < 0) {
            throw new IllegalArgumentException("forEachBand: rows " + rows + ", band rows " + bandRows);
        }
        Crew w = crew;
        int unit = w.tiles[0].rowUnit();
        int units = (rows + unit - 1) / unit;
        int bands = Math.min(units, (rows + bandRows - 1) / bandRows);
        w.rowBands.set(job, rows, unit);
        if (w.tiles.length == 1 || bands < 2) {
            try {
                for (int band = 0; band < bands; band++) {
                    w.rowBands.run(0, (int) ((long) band * units / bands), (int) ((long) (band + 1) * units / bands));
                }
            } finally {
                w.rowBands.clear();
            }
            return;
        }
        run(w.rowBands, units, bands);
    }

    /** Posts a job cut into {@code bands} bands of {@code units} units, works on it, waits for the others. */
    private void run(Job job, int units, int bands) {
        Crew w = crew;
        w.post(job, units, bands);
        long gen = ++generation;
        for (Worker worker : w.workers) {
            worker.posted = gen;
            if (worker.parked) {
                LockSupport.unpark(worker.thread);
            }
        }
        w.work(0);
        int spins = 0;
        while (w.completed.get() < w.bands) {
            if (++spins > 10_000) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        Throwable failure = w.failure;
        w.finish();
        if (failure instanceof RuntimeException r) {
            throw r;
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
        /** No product posted: far past any band count, and far from overflow however often it is claimed. */
        static final int NONE = 1 << 30;
        /** The next band to claim; at or past {@link #bands} when there is none. */
        final AtomicInteger next = new AtomicInteger(NONE);
        /** Bands finished (or failed) of the current product. */
        final AtomicInteger completed = new AtomicInteger();
        volatile boolean stopped;
        volatile Throwable failure;
        /** The job of the current product or band split. */
        private Job job;
        private int units;
        private int bands;
        /** The two kinds of job, made once (posting one allocates nothing). */
        final Product product;
        final Bands rowBands;

        Crew(TileKernel[] tiles) {
            this.tiles = tiles;
            this.workers = new Worker[tiles.length - 1];
            this.product = new Product(tiles);
            this.rowBands = new Bands(tiles);
        }

        /** Publishes a job: fields first, then the counters, whose atomic writes publish the fields. */
        void post(Job job, int units, int bands) {
            this.job = job;
            this.units = units;
            this.bands = bands;
            completed.set(0);
            next.set(0);
        }

        /** Claims and runs bands until none is left, as thread {@code part}. */
        void work(int part) {
            for (int band = next.getAndIncrement(); band < bands; band = next.getAndIncrement()) {
                try {
                    job.run(part, (int) ((long) band * units / bands), (int) ((long) (band + 1) * units / bands));
                } catch (RuntimeException | Error e) {
                    failure = e;
                } finally {
                    completed.incrementAndGet();
                }
            }
        }

        /** Forgets the finished job (and its arrays). */
        void finish() {
            next.set(NONE);
            failure = null;
            job.clear();
            job = null;
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

    /** Work cut into units (of rows or columns) that threads claim in bands. */
    private interface Job {
        /** Runs units {@code first … last-1} as thread {@code part}. */
        void run(int part, int first, int last);

        /** Drops the references to the caller's arrays. */
        void clear();
    }

    /** One matrix product, its output cut into bands of register-tile columns or rows. */
    private static final class Product implements Job {
        private final TileKernel[] tiles;
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

        Product(TileKernel[] tiles) {
            this.tiles = tiles;
        }

        void set(Trans ta, Trans tb, int m, int n, int k, float[] a, float[] b, float beta, float[] c,
                 boolean splitColumns) {
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
        }

        @Override
        public void run(int part, int first, int last) {
            TileKernel tile = tiles[part];
            if (splitColumns) {
                int u = tile.columnUnit();
                tile.multiply(transA, transB, m, n, k, a, b, beta, c, 0, m, first * u, Math.min(n, last * u));
            } else {
                int u = tile.rowUnit();
                tile.multiply(transA, transB, m, n, k, a, b, beta, c, first * u, Math.min(m, last * u), 0, n);
            }
        }

        @Override
        public void clear() {
            a = null;
            b = null;
            c = null;
        }
    }

    /** A caller's {@link RowBands} job, its rows cut into units of the register tile's height. */
    private static final class Bands implements Job {
        /** Each thread's kernel as a whole-product {@link Gemm}, for the bands it runs. */
        private final Gemm[] kernels;
        private RowBands job;
        private int rows;
        private int unit;

        Bands(TileKernel[] tiles) {
            this.kernels = new Gemm[tiles.length];
            for (int t = 0; t < tiles.length; t++) {
                TileKernel tile = tiles[t];
                kernels[t] = new Gemm() {
                    @Override
                    public void sgemm(Trans ta, Trans tb, int m, int n, int k, float[] a, float[] b, float beta,
                                      float[] c) {
                        tile.multiply(ta, tb, m, n, k, a, b, beta, c, 0, m, 0, n);
                    }

                    @Override
                    public float[] packB(int k, int n, float[] b) {
                        return tile.packB(k, n, b);
                    }

                    @Override
                    public void sgemmPacked(int m, int n, int k, float[] a, float[] b, float[] packedB, float[] c) {
                        tile.multiplyPacked(m, n, k, a, b, packedB, c);
                    }

                    @Override
                    public String name() {
                        return tile.name();
                    }
                };
            }
        }

        void set(RowBands job, int rows, int unit) {
            this.job = job;
            this.rows = rows;
            this.unit = unit;
        }

        @Override
        public void run(int part, int first, int last) {
            job.run(kernels[part], part, first * unit, Math.min(rows, last * unit));
        }

        @Override
        public void clear() {
            job = null;
        }
    }

    /** A worker thread: waits for a new generation number, then claims bands like the caller. */
    private static final class Worker implements Runnable {
        final Crew crew;
        final int part;
        Thread thread;
        volatile long posted;
        volatile boolean parked;

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
                crew.work(part);
            }
        }
    }
}
