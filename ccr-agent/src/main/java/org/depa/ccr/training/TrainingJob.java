package org.depa.ccr.training;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.depa.ccr.training.RdpAccountant.Conversion;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.modelspec.ModelSpec;
import org.depa.modelspec.ModelSpecException;
import org.depa.modelspec.ModelSpecValidator;
import org.depa.modelspec.ModelSpecs;

/**
 * Trains the specified MLP with DP-SGD inside the clean room: join, encode, train within the
 * privacy limits, evaluate, checkpoint after every epoch, and write the model and the report.
 *
 * <p>Entry points: {@link #run(ModelSpec, List, PrivacyConstraints, Path, ProgressListener)} for the
 * providers' tables, {@link #run(Request)} for everything else. Call again with the same work
 * directory after a crash: training resumes from the last epoch's checkpoint.
 */
public final class TrainingJob {

    /** Files written into the work directory. */
    public static final String MODEL_FILE = "model.json";

    public static final String REPORT_DIR = "report";

    /**
     * Largest model trained: bounds memory and time whatever the specification asks. The shared
     * validator's cap ({@link ModelSpecValidator#MAX_PARAMETERS}), checked here again with the
     * encoder's actual width.
     */
    public static final long MAX_PARAMETERS = ModelSpecValidator.MAX_PARAMETERS;

    /**
     * One training run.
     *
     * @param spec the TDC's model specification
     * @param joined the joined table (see {@link TableJoin})
     * @param limits the contract's privacy limits; refused unless {@link DpLimits#checked} accepts them
     * @param workDir holds the checkpoint, the model and the report; reuse it to resume
     * @param specDirectory where the specification's initialWeights file is; null if none
     * @param listener progress; {@link ProgressListener#NONE} for none
     * @param trainBaseline whether to also train a non-private model for comparison
     */
    public record Request(
            ModelSpec spec,
            Table joined,
            PrivacyConstraints limits,
            Path workDir,
            Path specDirectory,
            ProgressListener listener,
            boolean trainBaseline) {
        public Request {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(joined, "joined");
            DpLimits.checked(limits);
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(listener, "listener");
        }
    }

    /**
     * A decrypted provider table: its name (qualifies clashing column names, e.g. the dataset id),
     * the CSV file and the column it joins on.
     */
    public record CsvTable(String name, Path csv, String keyColumn) {
        public CsvTable {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(csv, "csv");
            Objects.requireNonNull(keyColumn, "keyColumn");
        }
    }

    private TrainingJob() {}

    /**
     * Reads the providers' CSV files and the specification file, joins, and trains with the
     * non-private baseline. The specification's initialWeights is resolved in its directory.
     */
    public static TrainingResult runCsv(
            List<CsvTable> tables,
            Path modelSpecFile,
            PrivacyConstraints limits,
            Path workDir,
            ProgressListener listener) {
        DpLimits.checked(limits);
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(modelSpecFile, "modelSpecFile");
        List<TableJoin.KeyedTable> keyed = new ArrayList<>();
        for (CsvTable t : tables) {
            keyed.add(new TableJoin.KeyedTable(Table.readCsv(t.name(), t.csv()), t.keyColumn()));
        }
        ModelSpec spec = ModelSpecs.read(modelSpecFile);
        Path specDir = modelSpecFile.toAbsolutePath().getParent();
        return run(new Request(spec, TableJoin.inner("joined", keyed), limits, workDir, specDir, listener, true));
    }

    /**
     * As {@link #runCsv(List, Path, PrivacyConstraints, Path, ProgressListener)} with a specification
     * already read and validated (the clean room's, checked against its commitment), so what is
     * trained is exactly what was checked; {@code specDirectory} holds its initialWeights file.
     */
    public static TrainingResult runCsv(
            List<CsvTable> tables,
            ModelSpec spec,
            Path specDirectory,
            PrivacyConstraints limits,
            Path workDir,
            ProgressListener listener) {
        DpLimits.checked(limits);
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(spec, "spec");
        List<TableJoin.KeyedTable> keyed = new ArrayList<>();
        for (CsvTable t : tables) {
            keyed.add(new TableJoin.KeyedTable(Table.readCsv(t.name(), t.csv()), t.keyColumn()));
        }
        return run(new Request(spec, TableJoin.inner("joined", keyed), limits, workDir, specDirectory, listener, true));
    }

    /** Joins the providers' tables on their key columns and trains (with the baseline). */
    public static TrainingResult run(
            ModelSpec spec,
            List<TableJoin.KeyedTable> providerTables,
            PrivacyConstraints limits,
            Path workDir,
            ProgressListener listener) {
        Table joined = TableJoin.inner("joined", providerTables);
        return run(new Request(spec, joined, limits, workDir, null, listener, true));
    }

    public static TrainingResult run(Request request) {
        Objects.requireNonNull(request, "request");
        ModelSpec spec = request.spec();
        PrivacyConstraints limits = request.limits();
        Preprocessing.Prepared data = Preprocessing.prepare(request.joined(), spec);
        boolean tanh = spec.activation().equals("tanh");
        int[] sizes = MlpParameters.sizes(data.encoder().width(), spec.hiddenLayers());
        long parameterCount = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            parameterCount += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        if (parameterCount > MAX_PARAMETERS) {
            throw new ModelSpecException(
                    ModelSpecException.Code.TOO_MANY_PARAMETERS,
                    "hiddenLayers",
                    "the model would have " + parameterCount + " parameters; at most " + MAX_PARAMETERS);
        }
        MlpParameters initial = InitialWeights.load(spec, request.specDirectory(), sizes);
        String fingerprint = fingerprint(spec, limits, data.train());

        int n = data.train().rows();
        double q = Math.min(1.0, (double) spec.batchSize() / n);
        int stepsPerEpoch = (int) Math.ceil(1.0 / q);
        int epochs = Math.min(spec.epochs(), limits.epochs());
        double sigma = limits.noiseMultiplier().doubleValue();
        double clip = limits.maxGradNorm().doubleValue();
        double delta = limits.delta().doubleValue();
        double budget = limits.epsilon().doubleValue();

        MlpParameters params = initial.copy();
        Optimizer opt = new Optimizer(
                spec.optimizer().name(), spec.optimizer().learningRate().doubleValue(), params.count());
        RdpAccountant accountant = new RdpAccountant();
        List<EpochRecord> history = new ArrayList<>();
        int startEpoch = 0;
        StopReason stop = null;

        Checkpoint saved = Checkpoint.readIfPresent(request.workDir());
        if (saved != null) {
            if (!saved.fingerprint().equals(fingerprint)) {
                throw new TrainingException(
                        "the checkpoint in the work directory belongs to other inputs (specification, limits or data)");
            }
            params.assign(Floats.decode(saved.parameters()));
            if (opt.m.length > 0) {
                System.arraycopy(Floats.decode(saved.adamM()), 0, opt.m, 0, opt.m.length);
                System.arraycopy(Floats.decode(saved.adamV()), 0, opt.v, 0, opt.v.length);
            }
            opt.t = saved.optimizerSteps();
            accountant = RdpAccountant.restore(saved.accountant());
            history.addAll(saved.history());
            startEpoch = saved.epochsDone();
            stop = saved.stopReason() == null ? null : StopReason.valueOf(saved.stopReason());
        }

        request.listener().started(epochs, stepsPerEpoch, budget, startEpoch);
        // The budget's step limit for the whole run, found once: every step has the same (q, sigma).
        long allowed = accountant.stepsWithin(q, sigma, budget, delta, Conversion.BEST, (long) epochs * stepsPerEpoch);
        PrivateRandomness random = new PrivateRandomness();
        double dpSeconds = 0;
        long dpExamples = 0;
        try (NDManager manager = DjlRuntime.newManager()) {
            for (int epoch = startEpoch; epoch < epochs && stop == null; epoch++) {
                long t0 = System.nanoTime();
                long steps = 0;
                double lossSum = 0;
                long sampled = 0;
                for (int s = 0; s < stepsPerEpoch; s++) {
                    if (steps >= allowed) {
                        stop = StopReason.BUDGET_EXHAUSTED;
                        break;
                    }
                    DpStep one = dpStep(manager, params, opt, data.train(), random, q, sigma, clip, tanh);
                    lossSum += one.lossSum();
                    sampled += one.sampled();
                    accountant.compose(q, sigma, 1);
                    steps++;
                    if (request.listener() != ProgressListener.NONE) {
                        request.listener()
                                .step(
                                        epoch + 1,
                                        s + 1,
                                        accountant.spent(delta, Conversion.BEST).epsilon());
                    }
                }
                allowed -= steps;
                double seconds = (System.nanoTime() - t0) / 1e9;
                dpSeconds += seconds;
                dpExamples += sampled;
                if (steps == 0) {
                    break;
                }
                Evaluation val = Evaluation.of(manager, params, tanh, data.validation());
                EpochRecord rec = new EpochRecord(
                        epoch + 1,
                        steps,
                        sampled == 0 ? Double.NaN : lossSum / sampled,
                        val.logLoss(),
                        val.accuracy(),
                        val.f1(),
                        val.rocAuc(),
                        accountant.spent(delta, Conversion.BEST).epsilon(),
                        seconds);
                history.add(rec);
                if (stop == null && epoch + 1 == epochs) {
                    stop = StopReason.EPOCHS_DONE;
                }
                new Checkpoint(
                                Checkpoint.FORMAT,
                                fingerprint,
                                epoch + 1,
                                stop == null ? null : stop.name(),
                                Floats.encode(params.flatten()),
                                Floats.encode(opt.m),
                                Floats.encode(opt.v),
                                opt.t,
                                accountant.segments(),
                                history)
                        .write(request.workDir());
                request.listener().epochDone(rec, epochs, budget);
            }
            if (stop == null) {
                stop = StopReason.BUDGET_EXHAUSTED;
            }
            RdpAccountant.Spent spent = accountant.spent(delta, Conversion.BEST);
            request.listener().finished(stop, spent.epsilon());

            Evaluation test = Evaluation.of(manager, params, tanh, data.test());
            SortedMap<String, BigDecimal> baseline = new TreeMap<>();
            double baselineRate = 0;
            if (request.trainBaseline()) {
                NonPrivateBaseline b =
                        NonPrivateBaseline.train(manager, spec, initial, tanh, data, Math.max(1, history.size()));
                baseline = b.test().asMap();
                baselineRate = b.examplesPerSecond();
            }
            ModelFile model = ModelFile.of(params, spec.activation(), data.encoder());
            byte[] modelBytes = model.toBytes();
            Path modelFile = request.workDir().resolve(MODEL_FILE);
            Checkpoint.AtomicFiles.write(modelFile, modelBytes);
            BigDecimal eps = BigDecimal.valueOf(spent.epsilon()).setScale(6, RoundingMode.CEILING);
            Path reportDir = request.workDir().resolve(REPORT_DIR);
            TrainingResult result = new TrainingResult(
                    modelBytes,
                    modelFile,
                    reportDir,
                    test.asMap(),
                    eps,
                    limits.delta(),
                    accountant.totalSteps(),
                    accountant.segments(),
                    stop,
                    history,
                    baseline,
                    dpSeconds > 0 ? dpExamples / dpSeconds : 0,
                    baselineRate);
            TrainingReport.write(reportDir, spec, limits, data, result, spent.order());
            return result;
        } catch (IOException e) {
            throw new TrainingException("cannot write training output: " + e.getMessage(), e);
        }
    }

    /** What one DP-SGD step sampled, and the (non-private) loss sum over those examples. */
    record DpStep(int sampled, double lossSum) {}

    /**
     * One DP-SGD step: Poisson-sample with rate q, sum the examples' gradients clipped to {@code
     * clip}, add N(0, (sigma clip)^2) per coordinate, divide by the expected batch size q n, and let
     * the optimiser apply it. An empty sample is still a step (pure noise). The caller accounts it.
     */
    static DpStep dpStep(
            NDManager manager,
            MlpParameters params,
            Optimizer opt,
            Matrix train,
            PrivateRandomness random,
            double q,
            double sigma,
            double clip,
            boolean tanh) {
        int n = train.rows();
        int[] batch = random.poissonSample(n, q);
        float[] update;
        double lossSum = 0;
        if (batch.length == 0) {
            update = new float[params.count()];
        } else {
            Matrix b = train.select(batch);
            MlpMath.Gradients g = MlpMath.gradients(manager, params, tanh, b.x(), b.y(), b.rows(), clip, false);
            update = g.sum();
            lossSum = g.lossSum();
        }
        random.addGaussian(update, sigma * clip);
        float scale = (float) (1.0 / (q * n));
        for (int i = 0; i < update.length; i++) {
            update[i] *= scale;
        }
        float[] flat = params.flatten();
        opt.step(flat, update);
        params.assign(flat);
        return new DpStep(batch.length, lossSum);
    }

    /**
     * What a checkpoint belongs to: the specification, the limits and the encoded training data. The
     * limits are hashed under the names checkpoints have always used (maxEpochs, not the contract's
     * epochs), so a checkpoint written before the limits were the contract's own record still
     * resumes.
     */
    static String fingerprint(ModelSpec spec, PrivacyConstraints limits, Matrix train) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Json.canonical(spec));
            Map<String, Object> fingerprinted = new LinkedHashMap<>();
            fingerprinted.put("epsilon", limits.epsilon());
            fingerprinted.put("delta", limits.delta());
            fingerprinted.put("maxGradNorm", limits.maxGradNorm());
            fingerprinted.put("noiseMultiplier", limits.noiseMultiplier());
            fingerprinted.put("maxEpochs", limits.epochs());
            md.update(Json.canonical(fingerprinted));
            ByteBuffer b = ByteBuffer.allocate(4 * (train.x().length + train.y().length))
                    .order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(train.x()).put(train.y());
            md.update(b.array());
            md.update(("rows=" + train.rows() + ",cols=" + train.cols()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
