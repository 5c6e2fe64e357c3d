package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.modelspec.ModelSpecException;
import org.depa.modelspec.ModelSpecs;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingJobTest {
    static final PrivacyConstraints DP = DpLimits.of("3", "1e-5", "1.0", "1.1", 100);

    static TrainingJob.Request request(Path work, PrivacyConstraints dp, ProgressListener listener) {
        Table joined = TableJoin.inner("joined", Synthetic.tables(3000, 1));
        return new TrainingJob.Request(Synthetic.spec(), joined, dp, work, null, listener, true);
    }

    /** Simulates the agent being killed: the listener throws once the k-th epoch's checkpoint is written. */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    static ProgressListener crashAfterEpoch(int k) {
        return new ProgressListener() {
            @Override
            public void epochDone(EpochRecord epoch, int totalEpochs, double epsilonBudget) {
                if (epoch.epoch() == k) {
                    throw new Crash();
                }
            }
        };
    }

    static ProgressListener crashInsideEpoch(int epoch, int step) {
        return new ProgressListener() {
            @Override
            public void step(int e, int s, double eps) {
                if (e == epoch && s == step) {
                    throw new Crash();
                }
            }
        };
    }

    @Nested
    class Run {
        @Test
        void trainsWithinTheBudgetAndLearns(@TempDir Path work) {
            TrainingResult r = TrainingJob.run(request(work, DP, ProgressListener.NONE));
            assertThat(r.stopReason()).isEqualTo(StopReason.EPOCHS_DONE);
            assertThat(r.history()).hasSize(6);
            assertThat(r.epsilonSpent())
                    .isLessThanOrEqualTo(new BigDecimal("3"))
                    .isPositive();
            assertThat(r.metrics().get("roc_auc")).isGreaterThan(new BigDecimal("0.75"));
            assertThat(r.baselineMetrics().get("roc_auc")).isGreaterThan(new BigDecimal("0.75"));
            // epsilon grows epoch by epoch
            for (int i = 1; i < r.history().size(); i++) {
                assertThat(r.history().get(i).epsilonSpent())
                        .isGreaterThan(r.history().get(i - 1).epsilonSpent());
            }
            assertThat(work.resolve("model.json")).exists();
            assertThat(work.resolve("report/report.md")).content().contains("epsilon spent");
            for (String png : new String[] {"loss.png", "validation.png", "epsilon.png"}) {
                java.awt.image.BufferedImage img;
                try {
                    img = javax.imageio.ImageIO.read(
                            work.resolve("report").resolve(png).toFile());
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                assertThat(img).as(png).isNotNull();
                assertThat(img.getWidth()).isEqualTo(640);
            }
        }

        @Test
        void stopsBeforeTheStepThatWouldExceedASmallBudget(@TempDir Path work) {
            PrivacyConstraints tight = DpLimits.of("0.5", "1e-5", "1.0", "1.1", 100);
            TrainingResult r = TrainingJob.run(request(work, tight, ProgressListener.NONE));
            assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
            assertThat(r.epsilonSpent()).isLessThanOrEqualTo(new BigDecimal("0.5"));
            RdpAccountant one = new RdpAccountant();
            double q = 50.0 / 1800;
            one.compose(q, 1.1, r.steps() + 1);
            assertThat(one.spent(1e-5, RdpAccountant.Conversion.BEST).epsilon()).isGreaterThan(0.5);
        }

        @Test
        void theContractsEpochLimitWins(@TempDir Path work) {
            TrainingResult r =
                    TrainingJob.run(request(work, DpLimits.of("3", "1e-5", "1.0", "1.1", 2), ProgressListener.NONE));
            assertThat(r.history()).hasSize(2);
            assertThat(r.steps()).isEqualTo(2L * 36);
        }

        @Test
        void refusesAModelTooLargeToTrain(@TempDir Path work) {
            String huge = Synthetic.SPEC.replace("\"hiddenLayers\": [8]", "\"hiddenLayers\": [4096, 4096]");
            Table joined = TableJoin.inner("joined", Synthetic.tables(300, 1));
            assertThatThrownBy(() -> TrainingJob.run(new TrainingJob.Request(
                            ModelSpecs.parse(huge), joined, DP, work, null, ProgressListener.NONE, false)))
                    .isInstanceOf(ModelSpecException.class)
                    .hasMessageContaining("parameters");
        }

        @Test
        void progressBarShowsEpochLossAndEpsilon(@TempDir Path work) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TrainingJob.run(request(
                    work,
                    DpLimits.of("3", "1e-5", "1.0", "1.1", 2),
                    new ConsoleProgress(new PrintStream(out, true, StandardCharsets.UTF_8))));
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(text)
                    .contains("epoch 2/2")
                    .contains("eps ")
                    .contains("/3.000")
                    .contains("loss 0.");
            assertThat(text).contains("training stopped: all epochs done");
        }
    }

    @Nested
    class CrashSafety {
        @Test
        void resumingAfterEpochKSpendsExactlyWhatAnUninterruptedRunSpends(@TempDir Path dir) throws Exception {
            TrainingResult whole = TrainingJob.run(request(dir.resolve("whole"), DP, ProgressListener.NONE));
            Path work = dir.resolve("killed");
            assertThatThrownBy(() -> TrainingJob.run(request(work, DP, crashAfterEpoch(3))))
                    .isInstanceOf(Crash.class);
            assertThat(work.resolve("checkpoint.json")).exists();
            AtomicInteger resumedAfter = new AtomicInteger(-1);
            TrainingResult resumed = TrainingJob.run(request(work, DP, new ProgressListener() {
                @Override
                public void started(int totalEpochs, int stepsPerEpoch, double budget, int after) {
                    resumedAfter.set(after);
                }
            }));
            assertThat(resumedAfter).hasValue(3);
            assertThat(resumed.steps()).isEqualTo(whole.steps());
            assertThat(resumed.epsilonSpent()).isEqualTo(whole.epsilonSpent());
            assertThat(resumed.composition()).isEqualTo(whole.composition());
            // The composition recomputes the reported epsilon (which is rounded up).
            double recomputed = RdpAccountant.restore(resumed.composition())
                    .spent(1e-5, RdpAccountant.Conversion.BEST)
                    .epsilon();
            assertThat(resumed.epsilonSpent().doubleValue()).isBetween(recomputed, recomputed + 1e-6);
            assertThat(resumed.history()).hasSize(6);
            assertThat(resumed.history().subList(0, 3).stream()
                            .mapToLong(EpochRecord::steps)
                            .sum())
                    .isEqualTo(3L * 36);
        }

        @Test
        void aCrashInsideAnEpochRedoesThatEpochOnly(@TempDir Path dir) {
            TrainingResult whole = TrainingJob.run(request(dir.resolve("whole"), DP, ProgressListener.NONE));
            Path work = dir.resolve("killed");
            assertThatThrownBy(() -> TrainingJob.run(request(work, DP, crashInsideEpoch(4, 5))))
                    .isInstanceOf(Crash.class);
            TrainingResult resumed = TrainingJob.run(request(work, DP, ProgressListener.NONE));
            assertThat(resumed.steps()).isEqualTo(whole.steps());
            assertThat(resumed.epsilonSpent()).isEqualTo(whole.epsilonSpent());
        }

        @Test
        void aFinishedRunCalledAgainReturnsTheSameSpendWithoutTraining(@TempDir Path work) {
            TrainingResult first = TrainingJob.run(request(work, DP, ProgressListener.NONE));
            AtomicInteger steps = new AtomicInteger();
            TrainingResult again = TrainingJob.run(request(work, DP, new ProgressListener() {
                @Override
                public void step(int e, int s, double eps) {
                    steps.incrementAndGet();
                }
            }));
            assertThat(steps).hasValue(0);
            assertThat(again.epsilonSpent()).isEqualTo(first.epsilonSpent());
            assertThat(again.model()).isEqualTo(first.model());
        }

        @Test
        void refusesACheckpointOfOtherInputs(@TempDir Path work) {
            assertThatThrownBy(() -> TrainingJob.run(request(work, DP, crashAfterEpoch(1))))
                    .isInstanceOf(Crash.class);
            PrivacyConstraints other = DpLimits.of("3", "1e-5", "1.0", "1.3", 100);
            assertThatThrownBy(() -> TrainingJob.run(request(work, other, ProgressListener.NONE)))
                    .isInstanceOf(TrainingException.class)
                    .hasMessageContaining("other inputs");
        }

        @Test
        void refusesACorruptCheckpoint(@TempDir Path work) throws Exception {
            Files.createDirectories(work);
            Files.writeString(work.resolve("checkpoint.json"), "{\"format\": \"depa-dpsgd-checkpoint/1\", \"x\": 1}");
            assertThatThrownBy(() -> TrainingJob.run(request(work, DP, ProgressListener.NONE)))
                    .isInstanceOf(TrainingException.class)
                    .hasMessageContaining("checkpoint");
        }
    }

    @Nested
    class InitialWeights {
        @Test
        void startsFromAGivenModelFileAndRefusesMismatchedSizes(@TempDir Path dir) throws Exception {
            TrainingResult first = TrainingJob.run(request(dir.resolve("a"), DP, ProgressListener.NONE));
            Files.write(dir.resolve("init.json"), first.model());
            String sha = org.depa.ledger.model.Fields.toHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(first.model()));
            String withInit = Synthetic.SPEC.replace(
                    "\"seed\": 7",
                    "\"seed\": 7, \"initialWeights\": \"init.json\", \"initialWeightsSha256\": \"" + sha + "\"");
            Table joined = TableJoin.inner("joined", Synthetic.tables(3000, 1));
            TrainingResult second = TrainingJob.run(new TrainingJob.Request(
                    ModelSpecs.parse(withInit), joined, DP, dir.resolve("b"), dir, ProgressListener.NONE, false));
            assertThat(second.metrics().get("roc_auc")).isGreaterThan(new BigDecimal("0.75"));
            String wider = withInit.replace("\"hiddenLayers\": [8]", "\"hiddenLayers\": [9]");
            assertThatThrownBy(() -> TrainingJob.run(new TrainingJob.Request(
                            ModelSpecs.parse(wider), joined, DP, dir.resolve("c"), dir, ProgressListener.NONE, false)))
                    .isInstanceOf(TrainingException.class)
                    .hasMessageContaining("layer sizes");
        }

        @Test
        void refusesWeightsOtherThanTheSpecNames(@TempDir Path dir) throws Exception {
            TrainingResult first = TrainingJob.run(request(dir.resolve("a"), DP, ProgressListener.NONE));
            Files.write(dir.resolve("init.json"), first.model());
            String otherHash = Synthetic.SPEC.replace(
                    "\"seed\": 7",
                    "\"seed\": 7, \"initialWeights\": \"init.json\", \"initialWeightsSha256\": \"" + "0".repeat(64)
                            + "\"");
            Table joined = TableJoin.inner("joined", Synthetic.tables(3000, 1));
            assertThatThrownBy(() -> TrainingJob.run(new TrainingJob.Request(
                            ModelSpecs.parse(otherHash),
                            joined,
                            DP,
                            dir.resolve("b"),
                            dir,
                            ProgressListener.NONE,
                            false)))
                    .isInstanceOf(TrainingException.class)
                    .hasMessageContaining("initialWeightsSha256");
        }
    }
}
