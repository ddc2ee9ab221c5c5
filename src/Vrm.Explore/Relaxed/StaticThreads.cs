using Vrm.Explore.Dpor;
using Vrm.Programs;
using Vrm.Syntax;

namespace Vrm.Explore.Relaxed;

/// <summary>What main after its joins did wrong on a final memory: the message, whether it was an invalid access (a fault), and where.</summary>
public sealed record SuffixFailure(string Message, bool InvalidAccess, Instr At);

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
        if (c.Spawns)
        {
            (initial, starts, suffix) = DporSnapshot.RunMain(c);
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
        Cond? filter = null;
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
                            code[i] = ins with { Op = Opcode.Alu, Alu = AluOp.And, Rd = keep, Rn = keep, Src2 = Operand2.Register(ins.Rn), Wide = true };
                            var holds = new AtomCond(Observable.Register(t, keep), 1, true);
                            filter = filter is null ? holds : new AndCond(filter, holds);
                            observed.Add(Observable.Register(t, keep));
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
        return new StaticThreads(program, suffix, failRegs, [.. starts.Select(s => s.Template)], c.Spawns ? 1 : 0);
    }

    /// <summary>The library calls the relaxed models do not take: their meaning is given by the SC explorer alone.</summary>
    internal static DiagnosticException Unsupported(Program c, Instr ins) =>
        new(new Diagnostic(ins.SourceFile ?? c.File, ins.Pos, ins.Op switch
        {
            Opcode.Choose => $"{ins.Text}: --model arm and promising do not explore nondeterministic values; use --model sc",
            Opcode.Exit => "exit: --model arm and promising do not model exit; use --model sc",
            _ => $"{ins.Text} in a thread: --model arm and promising model heap blocks main allocates before it starts the threads, not malloc and free in threads; use --model sc",
        }), unsupported: true);

    /// <summary>main after its joins fails on this final memory (an assertion, or a fault); returns why, or null.</summary>
    public SuffixFailure? SuffixFails(Func<int, long> memory)
    {
        if (Suffix?.RunOn(memory) is not { } f)
        {
            return null;
        }
        return new SuffixFailure(f.Message, f.Kind == ViolationKind.InvalidAccess, f.At);
    }

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
