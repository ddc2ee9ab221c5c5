using System.Runtime.CompilerServices;
using Vrm.Explore.Dpor;
using Vrm.Explore.Results;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Relaxed;

/// <summary>
/// A C program in the shape the relaxed models take: a fixed set of threads started together. main runs
/// alone up to its first pthread_create (its writes become the initial memory), then may only start and
/// join threads; what it does after the last join is a check on each final state. Assertions become
/// registers the condition asks about, assumptions registers the filter requires to stay 1.
/// </summary>
public sealed class StaticThreads
{
    private StaticThreads(Program program, DporSnapshot? suffix, IReadOnlyList<int> failRegs, IReadOnlyList<int> templates, int first)
    {
        First = first;
        Templates = templates;
        Program = program;
        Suffix = suffix;
        FailRegs = failRegs;
    }

    /// <summary>The litmus-shaped program: every location observed, one failure register per thread.</summary>
    public Program Program { get; }

    /// <summary>main after its last join, to run on each final memory; null when main has nothing after.</summary>
    internal DporSnapshot? Suffix { get; }

    public IReadOnlyList<int> FailRegs { get; }

    /// <summary>The number reports give static thread 0: 1 when main (T0) starts the threads, as under SC.</summary>
    public int First { get; }

    /// <summary>Static thread <paramref name="t"/> as every report names it (<c>T1 writer</c>).</summary>
    public string Name(int t) => $"T{First + t} {Program.Threads[t].Name}";

    /// <summary>The C program's thread template each static thread runs.</summary>
    public IReadOnlyList<int> Templates { get; }

    /// <param name="varied">Principals whose <c>vrm_input</c> gives its varied value (<see cref="KernelInfo.InputValue"/>).</param>
    public static StaticThreads From(Program c, IReadOnlySet<int>? varied = null)
    {
        var initial = c.InitMemory;
        var starts = new List<(int Template, long Arg)>();
        DporSnapshot? suffix = null;
        IReadOnlySet<int> unjoined = new HashSet<int>();
        if (c.Spawns)
        {
            (initial, starts, suffix, unjoined) = DporSnapshot.RunMain(c);
        }
        else
        {
            starts.AddRange(c.Threads.Take(c.StartedTemplates).Select((t, i) => (i, 0L)));
        }
        bool userAccesses = c.UserAccesses;
        int registers = c.RegisterCount;
        var threads = new List<ThreadProgram>();
        var failRegs = new List<int>();
        Cond condition = new ConstCond(false);
        Cond? assumed = null;
        var keeps = new List<(int Thread, int Reg)>();
        var observed = new List<Observable>();
        var faults = new List<FaultAtom>();
        for (int t = 0; t < starts.Count; t++)
        {
            var template = c.Threads[starts[t].Template];
            int fail = registers++;
            failRegs.Add(fail);
            var init = new List<(int, long)> { (0, starts[t].Arg) };
            var frame = new long[Reg.Count];
            c.StartFrame(frame, c.Spawns ? t + 1 : t);
            if (frame[Reg.Sp] != 0)
            {
                init.Add((Reg.Sp, frame[Reg.Sp]));
            }
            var code = new Instr[template.Code.Length];
            // A failed assumption stops its thread there, as under SC (the thread blocks at it): what it would do
            // after must not reach the others (a write that lets another thread spin for ever, a false deadlock),
            // and what failed before it, in this thread or another, is still a failure. Each assumption branches,
            // when false, to a stub after the code that clears its register and ends the thread.
            var halts = new List<Instr>();
            for (int i = 0; i < code.Length; i++)
            {
                var ins = template.Code[i];
                switch (ins.Op)
                {
                    case Opcode.Assert:
                        code[i] = ins with { Op = Opcode.MovImm, Rd = fail, Imm = i + 1, Wide = true };
                        break;
                    case Opcode.Assume:
                        {
                            int keep = registers++;
                            init.Add((keep, 1));
                            // Targets past the code are fixed below, once the stubs' place (after a jump to the end) is known.
                            code[i] = ins with { Op = Opcode.BranchZero, NonZero = false, Target = ~halts.Count };
                            halts.Add(ins with { Op = Opcode.MovImm, Rd = keep, Imm = 0, Wide = true });
                            var holds = new AtomCond(Observable.Register(t, keep), 1, true);
                            assumed = assumed is null ? holds : new AndCond(assumed, holds);
                            observed.Add(Observable.Register(t, keep));
                            keeps.Add((t, keep));
                            break;
                        }
                    case Opcode.Spawn or Opcode.Join:
                        throw new DiagnosticException(new Diagnostic(ins.SourceFile ?? c.File, ins.Pos,
                            "--model arm and promising need every thread started by main; this thread starts or joins another"), unsupported: true);
                    case Opcode.Input:
                        // One run: the principal's input is its fixed value.
                        int principal = c.Kernel?.PrincipalOf(starts[t].Template) ?? -1;
                        code[i] = ins with { Op = Opcode.MovImm, Imm = KernelInfo.InputValue(principal, varied?.Contains(principal) ?? false) };
                        break;
                    case Opcode.Exit or Opcode.Malloc or Opcode.Free:
                        throw Unsupported(c, ins);
                    case Opcode.Tlbi when c.Vmsa is null && !userAccesses:
                        // Nothing is translated here (no vrm_page variable, no user/VM access through a VRM_ROOT
                        // table): the TLBI has no cached translation to remove.
                        code[i] = ins with { Op = Opcode.Nop };
                        break;
                    case Opcode.Load or Opcode.Store when ins.Root >= 0 && c.Vmsa is not null:
                        // The TLBI messages of a vrm_page program name variables, a C walk's name pages: one program cannot have both.
                        throw new DiagnosticException(new Diagnostic(ins.SourceFile ?? c.File, ins.Pos,
                            $"{ins.Text} (a user/VM access through tables the C code built) in a program with vrm_page variables is explored under --model sc only"), unsupported: true);
                    default:
                        code[i] = ins;
                        break;
                }
            }
            if (halts.Count > 0)
            {
                // [end of the code] jump to the end; then per assumption: clear its register, jump to the end.
                int length = code.Length, end = length + 1 + 2 * halts.Count;
                var last = template.Code[^1];
                var stubs = new List<Instr> { last with { Op = Opcode.Branch, Text = "b end", Target = end, Await = false, Counted = false } };
                foreach (var h in halts)
                {
                    stubs.Add(h);
                    stubs.Add(h with { Op = Opcode.Branch, Text = "b end", Target = end });
                }
                for (int i = 0; i < length; i++)
                {
                    if (code[i].Op == Opcode.BranchZero && code[i].Target < 0)
                    {
                        code[i] = code[i] with { Target = length + 1 + 2 * ~code[i].Target };
                    }
                }
                code = [.. code, .. stubs];
            }
            threads.Add(new ThreadProgram(t, template.Name, code, init));
            condition = new OrCond(condition, new AtomCond(Observable.Register(t, fail), 0, false));
            observed.Add(Observable.Register(t, fail));
            if (c.Vmsa is not null)
            {
                // One fault atom per access, so that a final state says which C line faulted.
                for (int i = 0; i < code.Length; i++)
                {
                    if (code[i].IsMemory)
                    {
                        faults.Add(new FaultAtom(t, $"L{i}", i, -1, null));
                        condition = new OrCond(condition, new FaultCond(Observable.FaultAtom(faults.Count - 1)));
                        observed.Add(Observable.FaultAtom(faults.Count - 1));
                    }
                }
            }
        }
        for (int l = 0; l < c.Locations.Count; l++)
        {
            observed.Add(Observable.Memory(l));
        }
        // A final state counts when every assumption held, or when something failed before a failed assumption
        // stopped its thread (a thread that stopped there did nothing after it, so the failure happens in the
        // execution where that thread has not yet reached its assumption).
        var filter = assumed is null ? null : new OrCond(assumed, condition);
        var program = new Program(c.Name, c.File, c.Locations, initial, threads, CondKind.Exists, condition, filter, observed)
        {
            Addresses = c.Addresses,
            Sizes = c.Sizes,
            FrameOwners = c.FrameOwners,
            RegisterCount = registers,
            // The threads run at EL1 with precise faults that stop them (herd's fatal faults): no handlers, no hardware updates.
            Vmsa = c.Vmsa is null ? null : c.Vmsa with { Faults = faults },
            // The roots user/VM accesses walk from (the walks stay in both models; a fault gives 0 and goes on, as under SC).
            Kernel = userAccesses ? c.Kernel : null,
        };
        return new StaticThreads(program, suffix, failRegs, [.. starts.Select(s => s.Template)], c.Spawns ? 1 : 0) { Keeps = keeps, Unjoined = unjoined };
    }

    /// <summary>The library calls the relaxed models do not take: their meaning is given by the SC explorer alone.</summary>
    internal static DiagnosticException Unsupported(Program c, Instr ins) =>
        new(new Diagnostic(ins.SourceFile ?? c.File, ins.Pos, ins.Op switch
        {
            Opcode.Choose => $"{ins.Text}: --model arm and promising do not explore nondeterministic values; use --model sc",
            Opcode.Exit => "exit: --model arm and promising do not model exit; use --model sc",
            _ => $"{ins.Text} in a thread: --model arm and promising model heap blocks main allocates before it starts the threads, not malloc and free in threads; use --model sc",
        }), unsupported: true);

    /// <summary>
    /// Some thread has an assumption. A relaxed model's end with waiting threads (<c>BlockedEnd</c>) keeps no
    /// registers, so it cannot say whether a thread that finished had stopped at a failed assumption, which
    /// discards the execution (under SC such an end is not judged): a waiting thread there is no deadlock.
    /// </summary>
    public bool HasAssumptions => Keeps.Count > 0;

    /// <summary>
    /// The threads main returns without joining. Its return ends the program (C11 5.1.2.2.3), so one of them that
    /// spins for ever is torn down, no deadlock; but the model's end keeps no registers, so the others' assertions
    /// in that end are not judged either.
    /// </summary>
    public IReadOnlySet<int> Unjoined { get; private init; } = new HashSet<int>();

    /// <summary>Each assumption's register (1 while it held) and its thread.</summary>
    private IReadOnlyList<(int Thread, int Reg)> Keeps { get; init; } = [];

    /// <summary>
    /// main after its joins fails on this final state (an assertion, or a fault); returns why, or null. When an
    /// assumption failed, its thread stopped there and main waits for it for ever: the rest of main never runs.
    /// </summary>
    private ThreadStop? SuffixFails(Func<Observable, long> value) =>
        Keeps.Any(k => value(Observable.Register(k.Thread, k.Reg)) != 1) ? null : Suffix?.RunOn(l => value(Observable.Memory(l)));

    /// <summary>
    /// <see cref="SuffixFails(Func{Observable, long})"/> on state <paramref name="state"/> of <paramref name="r"/>,
    /// run once per state however many checks ask (the assertion and invalid-access checks both judge its stop).
    /// </summary>
    public ThreadStop? SuffixFails(ModelResult r, int state)
    {
        var stops = suffixStops.GetValue(r, r => new Lazy<ThreadStop?[]>(() => [.. r.States.Select(s => SuffixFails(o => s.Values[r.IndexOfObserved(o)]))]));
        return stops.Value[state];
    }

    private readonly ConditionalWeakTable<ModelResult, Lazy<ThreadStop?[]>> suffixStops = [];

    /// <summary>A fault atom of <see cref="Program"/> that holds in a final state, as the check reports it.</summary>
    public sealed record ThreadFault(int Thread, Instr At, int Loc, FaultKind Kind);

    /// <summary>The faults that happened in a final state, given each fault atom's value (0 when it did not happen).</summary>
    public IEnumerable<ThreadFault> Faults(Func<Observable, long> value)
    {
        var atoms = Program.Vmsa?.Faults ?? [];
        for (int i = 0; i < atoms.Count; i++)
        {
            long v = value(Observable.FaultAtom(i));
            if (v != 0)
            {
                var (loc, kind, _) = FaultValue.Decode(v);
                yield return new ThreadFault(atoms[i].Thread, Program.Threads[atoms[i].Thread].Code[atoms[i].Instr], loc, kind);
            }
        }
    }

    /// <summary>
    /// How the check states a fault: <c>translation fault: read of x: PTE(x) is not valid</c> (a final state
    /// keeps the fault's location and kind, not the entry the walk read).
    /// </summary>
    public string Describe(ThreadFault f)
    {
        var vmsa = Program.Vmsa!;
        var v = vmsa.ByDataLoc(f.Loc) ?? vmsa.Variables.First();
        bool write = f.At.Op != Opcode.Load;
        return DporState.FaultMessage(Program, f.Kind, write, v.Name, v, entry: null);
    }
}
