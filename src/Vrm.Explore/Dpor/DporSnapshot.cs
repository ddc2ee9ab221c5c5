using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Dpor;

/// <summary>
/// main run on its own, for the relaxed models: up to its first pthread_create it may do anything (that
/// is the initial state); then it may only start threads, store their ids, and join them; the rest of it
/// is kept as a snapshot to run on each final memory.
/// </summary>
internal sealed class DporSnapshot
{
    private readonly DporSetup setup;
    private readonly DporState state;

    /// <summary>The memory the threads start from: a final value that differs from it was written by a thread.</summary>
    private readonly long[] initial;

    private DporSnapshot(DporSetup setup, DporState state, long[] initial)
    {
        this.setup = setup;
        this.state = state;
        this.initial = initial;
    }

    /// <returns>Also the threads (by start order, from 0) main returns without joining: its return tears them down.</returns>
    public static (long[] Initial, List<(int Template, long Arg)> Starts, DporSnapshot? Suffix, IReadOnlySet<int> Unjoined) RunMain(Program c)
    {
        var setup = new DporSetup(c, unroll: 1000);
        var state = DporState.Initial(setup);
        long[]? initial = null;
        var starts = new List<(int, long)>();
        var joined = new HashSet<long>();
        while (state.Stop is null)
        {
            var main = state.Threads[0];
            if (main.Status != ThreadStatus.Running)
            {
                break;
            }
            var ins = state.Code(main)[main.Pc];
            if (ins.Op == Opcode.Spawn)
            {
                // Between spawns main writes only its own frame (checked below): the arguments it sets up for
                // the next thread (args[i] of a loop of pthread_create), which that thread reads after its start.
                // The memory at the last spawn is what the threads started after each write see; only a thread
                // started before it that races with main's write could also see the older value (a data race,
                // which --model sc reports).
                initial = (long[])state.Mem.Clone();
                starts.Add(((int)ins.Imm, main.Get(ins.Rn)));
                state.SkipSpawn(main, starts.Count);
                continue;
            }
            if (ins.Op == Opcode.Join)
            {
                long id = main.Get(ins.Rn);
                if (id < 1 || id > starts.Count || !joined.Add(id))
                {
                    throw JoinError(c, ins, id < 1 || id > starts.Count
                        ? $"pthread_join of thread id {id}, which no pthread_create returned (an unset pthread_t, or main)"
                        : $"pthread_join of T{id}, which was already joined (POSIX: undefined behaviour)");
                }
                state.SkipJoin(main);
                if (joined.Count == starts.Count)
                {
                    // The rest of main runs on each final state, when every thread has been joined: one more join is one too many.
                    if (Reachable(state.Code(main), main.Pc).FirstOrDefault(i => i.Op is Opcode.Join or Opcode.Spawn) is { } more)
                    {
                        throw JoinError(c, more, more.Op == Opcode.Join
                            ? "pthread_join after every thread was joined: it joins one twice or one no pthread_create returned"
                            : "--model arm and promising need main to start every thread before it joins any");
                    }
                    return (initial!, starts, new DporSnapshot(setup, state, initial!), new HashSet<int>());
                }
                continue;
            }
            if (ins.Op is Opcode.Choose or Opcode.Exit)
            {
                throw Relaxed.StaticThreads.Unsupported(c, ins);
            }
            if (initial is not null && !(ins.Op is Opcode.Load or Opcode.Store && IsMainFrame(c, state, main, ins)))
            {
                throw new DiagnosticException(new Diagnostic(ins.SourceFile ?? c.File, ins.Pos,
                    "--model arm and promising need main to start its threads and join them with no shared access in between"), unsupported: true);
            }
            state.Step(0);
        }
        if (state.Stop is { } f)
        {
            throw new DiagnosticException(new Diagnostic(f.At.SourceFile ?? c.File, f.At.Pos, "main fails on its own, before any thread starts: " + f.Message));
        }
        return (initial ?? (long[])state.Mem.Clone(), starts, null, Enumerable.Range(0, starts.Count).Where(t => !joined.Contains(t + 1)).ToHashSet());
    }

    private static DiagnosticException JoinError(Program c, Instr ins, string message) =>
        new(new Diagnostic(ins.SourceFile ?? c.File, ins.Pos, message), unsupported: message.StartsWith("--model", StringComparison.Ordinal));

    /// <summary>The instructions reachable from <paramref name="pc"/>: fall-through and branch targets.</summary>
    private static IEnumerable<Instr> Reachable(Instr[] code, int pc)
    {
        var seen = new bool[code.Length + 1];
        var work = new Stack<int>([pc]);
        while (work.TryPop(out int i))
        {
            if (i < 0 || i >= code.Length || seen[i])
            {
                continue;
            }
            seen[i] = true;
            yield return code[i];
            if (code[i].Target >= 0)
            {
                work.Push(code[i].Target);
            }
            if (code[i].Op != Opcode.Branch)
            {
                work.Push(i + 1);
            }
        }
    }

    /// <summary>main's own stack variables (pthread_t handles) are the allocas named after main.</summary>
    private static bool IsMainFrame(Program c, DporState state, DporThread main, Instr ins)
    {
        long b = main.Get(ins.Addr.Base);
        int loc = c.LocationAt(b);
        return loc >= 0 && c.FrameOwner(loc) == 0 && state.Mem.Length > loc;
    }

    /// <summary>Runs the rest of main on a final memory; the failed assertion or invalid access, or null.</summary>
    public ThreadStop? RunOn(Func<int, long> memory)
    {
        var copy = state.CloneFor(0);
        for (int l = 0; l < copy.Mem.Length; l++)
        {
            // main's own frame keeps what main wrote after the threads started (its pthread_t handles), unless
            // a thread wrote the cell through a pointer main gave it (a result in a struct on main's stack).
            if (setup.Program.FrameOwner(l) != 0 || memory(l) != initial[l])
            {
                copy.Mem[l] = memory(l);
            }
        }
        copy.RunLocal(copy.Threads[0]);
        while (copy.Stop is null && copy.Threads[0].Status == ThreadStatus.Running)
        {
            var main = copy.Threads[0];
            if (copy.Code(main)[main.Pc] is { Op: Opcode.Choose } choose)
            {
                throw Relaxed.StaticThreads.Unsupported(setup.Program, choose);
            }
            copy.Step(0);
        }
        return copy.Stop;
    }
}
