using System.Text.Json;
using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>What <c>vrm check</c> finds in small C programs: races, deadlocks, assumptions, the loop bound, and its JSON and Graphviz output.</summary>
public sealed class CheckBehaviourTests : IDisposable
{
    private const string Threads = """
        #include <assert.h>
        #include <pthread.h>
        #include <stdatomic.h>

        """;

    private const string Main = """
        int main(void)
        {
            pthread_t x, y;
            pthread_create(&x, 0, t1, 0);
            pthread_create(&y, 0, t2, 0);
            pthread_join(x, 0);
            pthread_join(y, 0);
            return 0;
        }

        """;

    /// <summary>Each thread spins on a flag that only the other sets, after its own spin.</summary>
    private const string Spin = Threads + """
        atomic_int a, b;
        void *t1(void *arg)
        {
            (void)arg;
            while (atomic_load(&b) == 0) {
            }
            atomic_store(&a, 1);
            return 0;
        }
        void *t2(void *arg)
        {
            (void)arg;
            while (atomic_load(&a) == 0) {
            }
            atomic_store(&b, 1);
            return 0;
        }

        """ + Main;

    /// <summary>Two mutexes taken in opposite orders.</summary>
    private const string LockOrder = Threads + """
        pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
        int shared;
        void *t1(void *arg)
        {
            (void)arg;
            pthread_mutex_lock(&m1);
            pthread_mutex_lock(&m2);
            shared++;
            pthread_mutex_unlock(&m2);
            pthread_mutex_unlock(&m1);
            return 0;
        }
        void *t2(void *arg)
        {
            (void)arg;
            pthread_mutex_lock(&m2);
            pthread_mutex_lock(&m1);
            shared++;
            pthread_mutex_unlock(&m1);
            pthread_mutex_unlock(&m2);
            return 0;
        }

        """ + Main;

    /// <summary>main reads x while a thread writes 1 then 2; the assumption keeps only the runs that read 1.</summary>
    private const string Assume = Threads + """
        void __VERIFIER_assume(int);
        atomic_int x;
        void *t(void *arg)
        {
            (void)arg;
            atomic_store(&x, 1);
            atomic_store(&x, 2);
            return 0;
        }
        int main(void)
        {
            pthread_t a;
            pthread_create(&a, 0, t, 0);
            int r = atomic_load(&x);
        #ifndef NO_ASSUME
            __VERIFIER_assume(r == 1);
        #endif
            assert(r == 1);
            pthread_join(a, 0);
            return 0;
        }

        """;

    /// <summary>A loop of n = 10 iterations that clang cannot collapse: each adds to an atomic.</summary>
    private const string Counted = """
        #include <assert.h>
        #include <stdatomic.h>
        int n = 10;
        atomic_int total;
        int main(void)
        {
            for (int i = 0; i < n; i++) {
                atomic_fetch_add_explicit(&total, i, memory_order_relaxed);
            }
            assert(atomic_load(&total) == 45);
            return 0;
        }

        """;

    /// <summary>A signed atomic maximum of a negative 32-bit value (LDSMAX W).</summary>
    private const string SignedMax = Threads + """
        int m = -5;
        int got;
        void *t(void *arg)
        {
            (void)arg;
            got = __atomic_fetch_max(&m, 3, __ATOMIC_RELAXED);
            return 0;
        }
        int main(void)
        {
            pthread_t a;
            pthread_create(&a, 0, t, 0);
            pthread_join(a, 0);
            assert(got == -5);
            assert(m == 3);
            return 0;
        }

        """;

    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("vrm-check-behaviour-");

    public void Dispose() => dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void RaceTraceNamesBothAccesses()
    {
        var r = CheckRun.Run(Repo.Examples("c", "mp-race.c"));
        Assert.True(r.Code == 2 && r.Verdict == "data race", r.ToString());
        // The read at line 25 is where the race is found; the write at line 15 is marked in the trace.
        Assert.Contains("mp-race.c:27: error: data race on data: plain write by T1 writer and plain read by T2 reader, not ordered by happens-before\n", r.Out, StringComparison.Ordinal);
        var lines = r.Out.Split('\n');
        Assert.Single(lines, l => l.Contains("mp-race.c:17", StringComparison.Ordinal) && l.Contains("write data = 42", StringComparison.Ordinal) && l.EndsWith("<- races", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("mp-race.c:27", StringComparison.Ordinal) && l.Contains("read data = 42", StringComparison.Ordinal));
    }

    [Fact]
    public void ReleaseAcquireHasNoRace()
    {
        var r = CheckRun.Run(Repo.Examples("c", "mp-ok.c"));
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
        Assert.DoesNotContain("race", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void NoRacesOptionHidesTheRace()
    {
        var r = CheckRun.Run(Repo.Examples("c", "mp-race.c"), "--no-races");
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void MutualSpinIsDeadlock()
    {
        var path = Write("spin.c", Spin);
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 2 && r.Verdict == "deadlock", r.ToString());
        Assert.Contains("spin.c:8: error: T1 t1 cannot finish: its await loop reads only final values and would spin forever (and so do 1 more threads)\n", r.Out, StringComparison.Ordinal);
    }

    /// <summary>Two threads that join each other, once main has published both thread ids; main then leaves by pthread_exit, so the process waits for them.</summary>
    private const string JoinCycle = Threads + """
        pthread_t ta, tb;
        atomic_int ready;
        void *fa(void *arg)
        {
            (void)arg;
            while (!atomic_load_explicit(&ready, memory_order_acquire)) {
            }
            pthread_join(tb, 0);
            return 0;
        }
        void *fb(void *arg)
        {
            (void)arg;
            while (!atomic_load_explicit(&ready, memory_order_acquire)) {
            }
            pthread_join(ta, 0);
            return 0;
        }
        int main(void)
        {
            pthread_create(&ta, 0, fa, 0);
            pthread_create(&tb, 0, fb, 0);
            atomic_store_explicit(&ready, 1, memory_order_release);
            pthread_exit(0);
        }

        """;

    [Fact]
    public void ThreadsJoiningEachOtherDeadlock()
    {
        var path = Write("joins.c", JoinCycle);
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 2 && r.Verdict == "deadlock", r.ToString());
        Assert.Contains("joins.c:11: error: T1 fa waits to join T2, which waits too: deadlock\n", r.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// Returning from main is exit (C11 5.1.2.2.3): the process ends and the waiting threads with it, so the same
    /// program whose main returns instead of calling pthread_exit cannot deadlock, and every execution finishes.
    /// </summary>
    [Fact]
    public void ReturnFromMainEndsThreadsThatWait()
    {
        var path = Write("joins-return.c", JoinCycle.Replace("pthread_exit(0);", "return 0;", StringComparison.Ordinal));
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
        Assert.Contains("Executions: 4 complete, 0 blocked", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void OppositeLockOrderIsDeadlock()
    {
        var path = Write("locks.c", LockOrder);
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 2 && r.Verdict == "deadlock", r.ToString());
        Assert.Contains("cannot finish", r.Out, StringComparison.Ordinal);
        // Each thread holds its first mutex and fails on the other's.
        Assert.Contains("update m1", r.Out, StringComparison.Ordinal);
        Assert.Contains("update m2", r.Out, StringComparison.Ordinal);
        Assert.Contains("(compare-and-swap fails)", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void SameLockOrderIsOk()
    {
        var path = Write("locks-ok.c", LockOrder.Replace("pthread_mutex_lock(&m2);\n    pthread_mutex_lock(&m1);", "pthread_mutex_lock(&m1);\n    pthread_mutex_lock(&m2);", StringComparison.Ordinal));
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void AssumeDiscardsExecutions()
    {
        var path = Write("assume.c", Assume);
        var r = CheckRun.Run(path);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
        // main reads 0, 1 or 2: only the run that reads 1 completes.
        Assert.Contains("Executions: 1 complete, 2 blocked\n", r.Out, StringComparison.Ordinal);
        var without = CheckRun.Run(path, "--", "-DNO_ASSUME");
        Assert.True(without.Code == 2 && without.Verdict == "assertion fails", without.ToString());
    }

    [Fact]
    public void LoopBoundIsReported()
    {
        var path = Write("counted.c", Counted);
        var cut = CheckRun.Run(path);
        Assert.Contains("Loop bound hit in 1 executions: exhaustive only up to --unroll 3\n", cut.Out, StringComparison.Ordinal);
        var enough = CheckRun.Run(path, "--unroll", "10");
        Assert.True(enough.Code == 0 && enough.Verdict == "ok", enough.ToString());
        Assert.DoesNotContain("Loop bound hit", enough.Out, StringComparison.Ordinal);
        Assert.Contains("Executions: 1 complete, 0 blocked\n", enough.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonReportParses()
    {
        var r = CheckRun.Run(Repo.Examples("c", "mp-race.c"), "--json");
        Assert.Equal(2, r.Code);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("data race", root.GetProperty("verdict").GetString());
        Assert.Equal("sc", root.GetProperty("model").GetString());
        var violation = root.GetProperty("violation");
        Assert.Equal("mp-race.c:27", violation.GetProperty("at").GetString());
        var trace = violation.GetProperty("trace").EnumerateArray().ToList();
        Assert.NotEmpty(trace);
        Assert.Contains(trace, s => s.GetProperty("at").GetString() == "mp-race.c:17" && s.GetProperty("kind").GetString() == "write"
            && s.GetProperty("location").GetString() == "data" && s.GetProperty("written").GetInt64() == 42);
        var ok = CheckRun.Run(Repo.Examples("c", "mp-ok.c"), "--json");
        Assert.Equal(0, ok.Code);
        using var okDoc = JsonDocument.Parse(ok.Out);
        Assert.Equal("ok", okDoc.RootElement.GetProperty("verdict").GetString());
        Assert.False(okDoc.RootElement.TryGetProperty("violation", out _));
    }

    [Fact]
    public void GraphWritesDotFile()
    {
        var graph = Path.Combine(dir.FullName, "race.dot");
        var r = CheckRun.Run(Repo.Examples("c", "mp-race.c"), "--graph", graph);
        Assert.Equal(2, r.Code);
        Assert.True(File.Exists(graph), r.ToString());
        var dot = File.ReadAllText(graph);
        Assert.StartsWith("digraph trace {", dot, StringComparison.Ordinal);
        Assert.Contains("mp-race.c:17", dot, StringComparison.Ordinal);
        Assert.Contains("mp-race.c:27", dot, StringComparison.Ordinal);
        Assert.Contains("color=red", dot, StringComparison.Ordinal);
        Assert.EndsWith("}", dot.TrimEnd(), StringComparison.Ordinal);
    }

    /// <summary>A relaxed model has final states, not a trace: --graph used to write nothing and say nothing.</summary>
    [Theory]
    [InlineData("arm")]
    [InlineData("promising")]
    public void GraphWithARelaxedModelIsRefused(string model)
    {
        var graph = Path.Combine(dir.FullName, "race.dot");
        var r = CheckRun.Run(Repo.Examples("c", "mp-race.c"), "--model", model, "--graph", graph);
        Assert.True(r.Code == 1, r.ToString());
        Assert.Contains($"--model {model} has no trace to draw", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(graph));
    }

    [Fact]
    public void SignedAtomicMaxOfNarrowValueUnderSc()
    {
        var r = CheckRun.Run(Write("smax.c", SignedMax));
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
    }

    /// <summary>
    /// The axiomatic enumerator (Alu.Rmw from Traces/TraceEnumerator.Memory.cs) and Promising
    /// (Promising/ThreadRunner.Memory.cs) take max(0xFFFFFFFB, 3) on the zero-extended 32-bit values, so
    /// LDSMAX W leaves -5 in m; DPOR sign-extends first and gets 3. The same holds for litmus LDSMAX/LDSMIN W.
    /// </summary>
    [Theory]
    [InlineData("arm")]
    [InlineData("promising")]
    public void SignedAtomicMaxOfNarrowValueUnderRelaxedModels(string model)
    {
        var r = CheckRun.Run(Write("smax.c", SignedMax), "--model", model);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
    }

    /// <summary>
    /// Two threads pop a two-node Treiber stack: each CAS fails at most once (when the other popped first), so
    /// no execution reaches --unroll 1. The Arm engine enumerates each thread's paths with any value of a
    /// location's domain, and a path whose CAS keeps failing on values no consistent execution gives used to
    /// make the result "incomplete: loop bound" though Promising said ok.
    /// </summary>
    private const string TwoPops = Threads + """
        #include <stddef.h>
        struct node { int v; struct node *next; };
        struct node n1, n2;
        struct node *_Atomic top;
        int got[2];
        void *pop(void *p)
        {
            struct node *o = atomic_load_explicit(&top, memory_order_acquire);
            while (o && !atomic_compare_exchange_weak_explicit(&top, &o, o->next, memory_order_acquire, memory_order_acquire)) {
            }
            got[(long)p] = o ? o->v : 0;
            return 0;
        }
        int main(void)
        {
            n1.v = 1;
            n2.v = 2;
            n2.next = &n1;
            atomic_store(&top, &n2);
            pthread_t a, b;
            pthread_create(&a, 0, pop, (void *)0);
            pthread_create(&b, 0, pop, (void *)1);
            pthread_join(a, 0);
            pthread_join(b, 0);
            assert(got[0] + got[1] == 3);
            return 0;
        }

        """;

    [Theory]
    [InlineData("arm")]
    [InlineData("promising")]
    public void LoopBoundOnlyWhenAConsistentExecutionReachesIt(string model)
    {
        var r = CheckRun.Run(Write("pops.c", TwoPops), "--model", model, "--unroll", "1");
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
    }

    /// <summary>
    /// Threads write their results into structs on main's stack, which main sets up between the
    /// pthread_create calls and reads after the joins. The relaxed models used to start every thread from the
    /// memory at the first pthread_create (the second thread read in = 0) and run main's suffix on its own
    /// frame as it left it (every out read 0): a wrong "assertion fails".
    /// </summary>
    private const string StackArgs = Threads + """
        struct arg { int in; int out; };
        void *twice(void *p)
        {
            struct arg *a = p;
            a->out = a->in * 2;
            return 0;
        }
        int main(void)
        {
            struct arg args[2];
            pthread_t th[2];
            for (int i = 0; i < 2; i++) {
                args[i].in = i + 1;
                args[i].out = 0;
                pthread_create(&th[i], 0, twice, &args[i]);
            }
            for (int i = 0; i < 2; i++)
                pthread_join(th[i], 0);
            assert(args[0].out == 2 && args[1].out == 4);
            return 0;
        }

        """;

    [Theory]
    [InlineData("sc")]
    [InlineData("arm")]
    [InlineData("promising")]
    public void ThreadsSeeAndFillArgumentsOnMainsStack(string model)
    {
        var r = CheckRun.Run(Write("stack-args.c", StackArgs), "--model", model);
        Assert.True(r.Code == 0 && r.Verdict == "ok", r.ToString());
        var wrong = CheckRun.Run(Write("stack-args-wrong.c", StackArgs.Replace("a->in * 2", "a->in * 3")), "--model", model);
        Assert.True(wrong.Code == 2 && wrong.Verdict == "assertion fails", wrong.ToString());
    }
}
