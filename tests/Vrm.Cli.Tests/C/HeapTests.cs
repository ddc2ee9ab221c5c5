using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// malloc, calloc and free as a bounded heap, as GenMC reports them: a use after free is an invalid access with
/// its trace, a double free and a free of anything but a block's start are invalid frees, and memory never freed
/// is a warning that leaves the verdict alone. Before, every call to malloc was an input error.
/// </summary>
public sealed class HeapTests : CProgramTests
{
    /// <summary>main publishes a node, starts a reader, and frees the node without waiting for it.</summary>
    private const string FreeWhileRead = """
        #include <pthread.h>
        #include <stdlib.h>
        struct node { int value; struct node *next; };
        struct node *_Atomic shared;
        static void *reader(void *arg)
        {
          (void)arg;
          struct node *n = shared;
          if (n)
            return (void *)(long)n->value;
          return 0;
        }
        int main(void)
        {
          pthread_t t;
          struct node *n = malloc(sizeof *n);
          n->value = 1;
          shared = n;
          pthread_create(&t, 0, reader, 0);
        #ifdef JOIN_FIRST
          pthread_join(t, 0);
          free(n);
        #else
          free(n);
          pthread_join(t, 0);
        #endif
          return 0;
        }
        """;

    [Fact]
    public void UseAfterFreeIsAnInvalidAccessWithItsTrace()
    {
        var r = Check(FreeWhileRead);
        Assert.Equal("invalid access", r.Verdict);
        Assert.Equal(2, r.Code);
        Assert.Contains("p.c:10: error: use after free: read of malloc:16#0.0, in malloc:16#0, which was freed", r.Out, StringComparison.Ordinal);
        Assert.Contains("malloc malloc:16#0, 16 bytes", r.Out, StringComparison.Ordinal);
        Assert.Contains("free malloc:16#0 (allocated, 16 bytes)", r.Out, StringComparison.Ordinal);
        Assert.Contains("read in malloc:16#0, freed", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void FreeAfterTheJoinIsFine()
    {
        var r = Check(FreeWhileRead, "--", "-DJOIN_FIRST");
        Assert.True(r.Verdict == "ok" && r.Code == 0 && !r.Out.Contains("warning", StringComparison.Ordinal), r.ToString());
    }

    [Fact]
    public void ReplayOfAUseAfterFreeFindsItAgain()
    {
        var r = Check(FreeWhileRead);
        string replay = r.Out.Split('\n').First(l => l.StartsWith("Replay:", StringComparison.Ordinal)).Split("--replay ")[1].Trim();
        var again = Check(FreeWhileRead, "--replay", replay);
        Assert.Equal("invalid access", again.Verdict);
    }

    [Fact]
    public void DoubleFreeIsAnInvalidFree()
    {
        var r = Check("""
            #include <stdlib.h>
            int main(void)
            {
              int *a = malloc(sizeof *a);
              free(a);
              free(a);
              return 0;
            }
            """);
        Assert.Equal("invalid free", r.Verdict);
        Assert.Equal(2, r.Code);
        Assert.Contains("p.c:6: error: double free of malloc:4#0", r.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("free(a + 1);", "p.c:6: error: free of malloc:5#0+4, inside a block malloc returned, not its start")]
    [InlineData("free(&g);", "p.c:6: error: free of &g, which malloc did not return")]
    public void FreeOfWhatMallocDidNotReturnIsAnInvalidFree(string call, string message)
    {
        var r = Check($$"""
            #include <stdlib.h>
            int g;
            int main(void)
            {
              int *a = malloc(4 * sizeof *a);
              {{call}}
              return 0;
            }
            """);
        Assert.Equal("invalid free", r.Verdict);
        Assert.Contains(message, r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void FreeOfNullDoesNothing()
    {
        var r = Check("""
            #include <stdlib.h>
            int main(void)
            {
              int *a = 0;
              free(a);
              return 0;
            }
            """);
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void LeaksAreWarningsNotViolations()
    {
        // T1 frees its block, T2 does not: one warning for the call site, in the one complete execution.
        var r = Check("""
            #include <pthread.h>
            #include <stdlib.h>
            static void *worker(void *arg)
            {
              int *p = malloc(sizeof *p);
              *p = 1;
              if (arg)
                free(p);
              return 0;
            }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, worker, (void *)1);
              pthread_create(&b, 0, worker, 0);
              pthread_join(a, 0);
              pthread_join(b, 0);
              return 0;
            }
            """);
        Assert.Equal("ok", r.Verdict);
        Assert.Equal(0, r.Code);
        Assert.Contains("p.c:5: warning: memory leak: a block malloc allocates here in worker is never freed (in 1 complete execution; for example malloc:5#0@T2)", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void LeaksAreListedInJson()
    {
        var r = Check("#include <stdlib.h>\nint main(void)\n{\n  long *p = malloc(8);\n  *p = 2;\n  return 0;\n}\n", "--json");
        Assert.Contains("\"warnings\": [", r.Out, StringComparison.Ordinal);
        Assert.Contains("memory leak", r.Out, StringComparison.Ordinal);
        Assert.Contains("\"verdict\": \"ok\"", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void EachCallAndEachThreadGetsItsOwnBlock()
    {
        // Two threads allocate at one call site, three times each, and never share a block: no race, no failure.
        var r = Check("""
            #include <pthread.h>
            #include <stdlib.h>
            #include <assert.h>
            static void *worker(void *arg)
            {
              long *blocks[3];
              for (int i = 0; i < 3; i++) {
                blocks[i] = malloc(sizeof(long));
                *blocks[i] = (long)arg + i;
              }
              for (int i = 0; i < 3; i++) {
                assert(*blocks[i] == (long)arg + i);
                free(blocks[i]);
              }
              return 0;
            }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, worker, (void *)10);
              pthread_create(&b, 0, worker, (void *)20);
              pthread_join(a, 0);
              pthread_join(b, 0);
              return 0;
            }
            """);
        Assert.True(r.Verdict == "ok" && r.Out.Contains("Executions: 1 complete", StringComparison.Ordinal), r.ToString());
    }

    [Fact]
    public void CallocZeroesAndArraysOfAVariableSizeGrowTheHeap()
    {
        // m is read from memory, so the block's size is known only when calloc runs; 12 elements are more than a
        // first lowering makes, and the 7 calls of the loop more blocks: both are raised and the program lowered again.
        var r = Check("""
            #include <stdlib.h>
            #include <assert.h>
            int n = 12;
            int main(void)
            {
              int m = n;
              for (int k = 0; k < 7; k++) {
                int *a = calloc(m, sizeof *a);
                for (int i = 0; i < m; i++)
                  assert(a[i] == 0);
                a[m - 1] = k;
                assert(a[m - 1] == k);
                free(a);
              }
              return 0;
            }
            """);
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void AnAccessBeyondTheBlockIsInvalid()
    {
        var r = Check("""
            #include <stdlib.h>
            int n = 2;
            int main(void)
            {
              int *a = malloc(n * sizeof *a);
              a[n] = 1;
              free(a);
              return 0;
            }
            """);
        Assert.Equal("invalid access", r.Verdict);
        Assert.Contains("p.c:6: error: write of malloc:5#0[2], beyond the 8 bytes malloc gave malloc:5#0", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ALinkedListInTheHeapRacesWhereTheSourceDoes()
    {
        // Two threads push onto a plain list head: a data race on the head, reported by name.
        var r = Check("""
            #include <pthread.h>
            #include <stdlib.h>
            struct node { int value; struct node *next; };
            struct node *head;
            static void *push(void *arg)
            {
              struct node *n = malloc(sizeof *n);
              n->value = (int)(long)arg;
              n->next = head;
              head = n;
              return 0;
            }
            int main(void)
            {
              pthread_t a, b;
              pthread_create(&a, 0, push, (void *)1);
              pthread_create(&b, 0, push, (void *)2);
              pthread_join(a, 0);
              pthread_join(b, 0);
              return 0;
            }
            """);
        Assert.Equal("data race", r.Verdict);
        Assert.Contains("data race on head", r.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arm")]
    [InlineData("promising")]
    public void RelaxedModelsTakeBlocksMainAllocatesBeforeTheThreads(string model)
    {
        var r = Check("""
            #include <pthread.h>
            #include <stdlib.h>
            #include <assert.h>
            struct cell { int value; };
            struct cell *c;
            static void *worker(void *arg) { (void)arg; c->value = 2; return 0; }
            int main(void)
            {
              pthread_t t;
              c = malloc(sizeof *c);
              c->value = 1;
              pthread_create(&t, 0, worker, 0);
              pthread_join(t, 0);
              assert(c->value == 2);
              return 0;
            }
            """, "--model", model);
        Assert.True(r.Verdict == "ok", r.ToString());
    }

    [Fact]
    public void RelaxedModelsRefuseMallocInAThread()
    {
        var r = Check("""
            #include <pthread.h>
            #include <stdlib.h>
            static void *worker(void *arg) { (void)arg; free(malloc(4)); return 0; }
            int main(void)
            {
              pthread_t t;
              pthread_create(&t, 0, worker, 0);
              pthread_join(t, 0);
              return 0;
            }
            """, "--model", "promising");
        Assert.Equal(1, r.Code);
        Assert.Contains("p.c(3,50): error: malloc in a thread: --model arm and promising model heap blocks main allocates before it starts the threads, not malloc and free in threads; use --model sc", r.Err, StringComparison.Ordinal);
    }
}
