using Vrm.Explore.Dpor;
using Vrm.Programs;

namespace Vrm.Checks.Wdrf;

/// <summary>
/// One SC execution as the wDRF checks read it: the kernel CPUs' events in execution order (each access, and
/// the barriers and annotations its thread ran after it), which step each event came from, and memory as it
/// was after any step (replayed from the initial memory by the steps' writes).
/// </summary>
internal sealed class ExecutionReplay
{
    private readonly Program program;

    public ExecutionReplay(Program program, KernelInfo kernel, ExecutionView execution)
    {
        this.program = program;
        Trace = execution.Trace;
        var events = new List<KernelEvent>();
        var stepOf = new List<int>();
        void Marks(IReadOnlyList<Mark> marks, int step)
        {
            foreach (var m in marks)
            {
                if (MarkEvent(m) is { } e)
                {
                    events.Add(e);
                    stepOf.Add(step);
                }
            }
        }
        Marks(execution.InitialMarks, 0);
        // Threads started and not yet joined, besides main: while there are none, main is alone (booting, or
        // after every CPU stopped) and its accesses race with nothing, so they need no lock.
        var running = new HashSet<int>();
        for (int i = 0; i < Trace.Count; i++)
        {
            var s = Trace[i];
            if (s.Kind == StepKind.Spawn)
            {
                running.Add(s.Other);
            }
            else if (s.Kind == StepKind.Join)
            {
                running.Remove(s.Other);
            }
            bool alone = program.Spawns && s.Thread == 0 && running.Count == 0;
            if (s.Loc >= 0 && !s.WalkOnly && !alone && s.Kind is StepKind.Read or StepKind.Write or StepKind.Update or StepKind.FailedUpdate)
            {
                bool user = s.Instr.Root >= 0 || kernel.IsUser(s.Template);
                long address = program.AddressOf(s.Loc);
                int size = program.SizeOf(s.Loc);
                string site = Site(s.Instr);
                if (s.Kind is not StepKind.Write)
                {
                    events.Add(new KernelEvent(s.Thread, KernelEventKind.Read, address, site, size,
                        Acquire: (s.Instr.Flags & (AccessFlags.Acquire | AccessFlags.AcquirePC)) != 0, User: user));
                    stepOf.Add(i);
                }
                if (s.Kind is StepKind.Write or StepKind.Update)
                {
                    events.Add(new KernelEvent(s.Thread, KernelEventKind.Write, address, site, size,
                        ReleaseOrder: s.Instr.Flags.HasFlag(AccessFlags.Release), User: user));
                    stepOf.Add(i);
                }
            }
            Marks(s.Marks, i);
        }
        Events = events;
        StepOf = stepOf;
    }

    public IReadOnlyList<TraceStep> Trace { get; }

    public IReadOnlyList<KernelEvent> Events { get; }

    /// <summary>For each event, the index of the step it belongs to (marks: the step their thread ran before them).</summary>
    public IReadOnlyList<int> StepOf { get; }

    public string Site(Instr ins) => $"{Path.GetFileName(ins.SourceFile ?? program.File)}:{ins.Pos.Line}";

    private KernelEvent? MarkEvent(Mark m) => m.Instr.Op switch
    {
        // Only holds and releases are lock events; the security and refinement annotations (kernel entry and exit,
        // observations, operation calls) say nothing about locks.
        Opcode.Annotate when m.Instr.Annotation is AnnotationKind.Hold or AnnotationKind.Release =>
            new KernelEvent(m.Thread, m.Instr.Annotation == AnnotationKind.Hold ? KernelEventKind.Hold : KernelEventKind.Release, m.Operand, Site(m.Instr),
                Where: $"{m.Instr.SourceFile ?? program.File}({m.Instr.Pos.Line},{m.Instr.Pos.Col})"),
        Opcode.Fence => new KernelEvent(m.Thread, KernelEventKind.Barrier, 0, Site(m.Instr),
            FullBarrier: m.Instr.Fence is FenceKind.DmbFull or FenceKind.DsbFull && m.Instr.Domain != ShareDomain.NonShareable),
        _ => null,
    };

    /// <summary>Memory before the first step.</summary>
    public long[] Initial() => program.StartMemory();

    /// <summary>Applies step <paramref name="i"/>'s write, if it has one, to <paramref name="mem"/>.</summary>
    public void Apply(long[] mem, int i)
    {
        var s = Trace[i];
        if (s.Loc >= 0 && !s.WalkOnly && s.Kind is StepKind.Write or StepKind.Update)
        {
            mem[s.Loc] = s.Written;
        }
    }

    /// <summary>Memory after step <paramref name="i"/> (-1: before the first).</summary>
    public long[] MemoryAfter(int i)
    {
        var mem = Initial();
        for (int k = 0; k <= i; k++)
        {
            Apply(mem, k);
        }
        return mem;
    }

    /// <summary>Reads memory by byte address, as a walk does: what is no location reads 0.</summary>
    public Func<long, long> Reader(long[] mem) => address =>
    {
        int loc = program.LocationAt(address);
        return loc < 0 ? 0 : mem[loc];
    };
}
