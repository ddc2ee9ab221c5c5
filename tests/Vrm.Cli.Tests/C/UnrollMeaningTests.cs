using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// <c>--unroll N</c> means one thing under every model (the shared stepper): a back jump to the same loop head
/// is taken at most N times. The SC explorer once counted per branch instruction, so a loop whose head two
/// back edges reach (a <c>continue</c>) ran more iterations under SC than under Arm and Promising.
/// </summary>
public sealed class UnrollMeaningTests : CProgramTests
{
    // Three iterations: the first goes back through the continue, the other two through the loop's end, so the
    // head is jumped back to three times. The bound is read each time, so no trip count is known statically.
    private const string TwoBackEdges = """
        #include <pthread.h>
        #include <stdatomic.h>
        atomic_int n = 3;
        int x;
        void *t(void *a)
        {
          int i = 0;
          while (i < atomic_load_explicit(&n, memory_order_relaxed)) {
            i++;
            if (i == 1)
              continue;
            x = i;
          }
          return 0;
        }
        int main(void)
        {
          pthread_t a;
          pthread_create(&a, 0, t, 0);
          pthread_join(a, 0);
          return 0;
        }
        """;

    [Theory]
    [InlineData("1", "incomplete: loop bound")]
    [InlineData("2", "incomplete: loop bound")]
    [InlineData("3", "ok")]
    public void EveryModelCutsTheLoopAtTheSameBound(string unroll, string verdict)
    {
        foreach (var model in new[] { "sc", "arm", "promising" })
        {
            var r = Check(TwoBackEdges, "--unroll", unroll, "--model", model);
            Assert.True(r.Verdict == verdict, $"--model {model} --unroll {unroll}: {r}");
        }
    }
}
