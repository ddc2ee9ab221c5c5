using Vrm.Checks;
using Vrm.Checks.Progress;
using Vrm.Cli.Frontend;
using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Explore.Relaxed;
using Vrm.Explore.Results;
using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// How checks reach the explorers (docs/architecture.md, "The checks stage"): the machine only stops a thread, a check
/// makes it a violation, and a stop nobody judges is an error, never a pass; several checks' findings in one relaxed
/// final state are reported as one state.
/// </summary>
public sealed class CheckWiringTests : CProgramTests
{
    private Vrm.Programs.Program Load(string text)
    {
        var path = Path.Combine(Folder, "w.c");
        File.WriteAllText(path, text);
        return CFrontend.Load(path, []).Program;
    }

    private const string FailingAssert = """
        #include <pthread.h>
        #include <assert.h>
        int x;
        static void *worker(void *arg) { (void)arg; x = 1; return 0; }
        int main(void)
        {
          pthread_t t;
          pthread_create(&t, 0, worker, 0);
          pthread_join(t, 0);
          assert(x == 0);
          return 0;
        }
        """;

    [Fact]
    public void AStopNoCheckJudgesIsAnErrorNotAPass()
    {
        var program = Load(FailingAssert);
        Assert.Throws<InvalidOperationException>(() => SourceDpor.Explore(program, new DporOptions { Checks = [new Deadlock()] }, new Budget(CancellationToken.None, null, null)));
        var judged = SourceDpor.Explore(program, new DporOptions { Checks = StandardChecks.For() }, new Budget(CancellationToken.None, null, null));
        Assert.Equal(ViolationKind.AssertionFailed, judged.Violation?.Kind);
        Assert.Equal("assertion failed: x == 0", judged.Violation?.Message);
    }

    /// <summary>A thread calls through a null function pointer, and main asserts on what the call returned.</summary>
    private const string BadCall = """
        #include <pthread.h>
        #include <assert.h>
        static int one(void) { return 1; }
        int (*volatile fp)(void) = one;
        int r;
        static void *worker(void *arg) { (void)arg; r = fp(); return 0; }
        int main(void)
        {
          pthread_t t;
          fp = 0;
          pthread_create(&t, 0, worker, 0);
          pthread_join(t, 0);
          assert(r == 1);
          return 0;
        }
        """;

    /// <summary>
    /// One check (Assertions/InvalidAccesses) judges the bad call under every model: the relaxed models called it an
    /// assertion failure while SC called it an invalid access.
    /// </summary>
    [Theory]
    [InlineData("sc")]
    [InlineData("promising")]
    [InlineData("arm")]
    public void ABadCallInAThreadIsAnInvalidAccessOnEveryModel(string model)
    {
        var r = Check(BadCall, "--model", model);
        Assert.True(r.Code == 2 && r.Verdict == "invalid access", r.ToString());
        Assert.Contains("call through a function pointer that holds no function of this file", r.Out, StringComparison.Ordinal);
        if (model != "sc")
        {
            // --json lists it among the state's faults (it listed faults only for page-table programs).
            using var json = System.Text.Json.JsonDocument.Parse(Check(BadCall, "--model", model, "--json").Out);
            var state = json.RootElement.GetProperty("failingStates")[0];
            Assert.Contains("no function", state.GetProperty("faults")[0].GetString(), StringComparison.Ordinal);
            Assert.Contains("assertion failed: r == 1", state.GetProperty("assertions")[0].GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>The fault and main's failed assertion in the same final state: one failing state with both.</summary>
    [Fact]
    public void WhatTwoChecksFindInOneFinalStateIsOneFinding()
    {
        var c = Load(BadCall);
        var st = StaticThreads.From(c);
        var checks = StandardChecks.For();
        var r = MemoryModels.Get("promising").Run(st.Program, new ExploreOptions { Checks = checks }, CancellationToken.None);
        var found = StandardChecks.Outcomes(checks, c, st, r);
        var state = Assert.Single(found);
        Assert.True(state.InvalidAccess);
        Assert.Contains("no function", Assert.Single(state.Faults).Message, StringComparison.Ordinal);
        Assert.Equal("assertion failed: r == 1", Assert.Single(state.Assertions).Message);
    }
}
