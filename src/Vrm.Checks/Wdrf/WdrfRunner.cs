using Vrm.Explore;
using Vrm.Explore.Dpor;
using Vrm.Models.Mmu;
using Vrm.Programs;

namespace Vrm.Checks.Wdrf;

/// <summary>How one wDRF condition came out over every execution explored.</summary>
public enum ConditionStatus { Holds, Violated, NotApplicable }

/// <summary>
/// One condition's verdict: when violated, why (<see cref="Message"/>), in which execution (<see cref="Trace"/>,
/// replayable), and at which of its steps (<see cref="Step"/>); when not applicable, why not.
/// </summary>
public sealed record ConditionResult(string Name, ConditionStatus Status, string Message, IReadOnlyList<TraceStep>? Trace = null, int Step = -1);

/// <summary>
/// Runs the five wDRF conditions on every execution the SC search explores (an <see cref="ICheck"/>):
/// it turns the execution into the kernel's events (accesses, barriers and annotations, per CPU, in order),
/// replays memory to see the page tables as they were at each step, and keeps the first violation of each
/// condition. Threads are CPUs; user/VM threads (vrm_user) and the MMU's walks are no kernel accesses.
/// </summary>
public sealed class WdrfRunner : ICheck
{
    public bool WatchesExecutions => true;

    public const string WeakMemoryIsolationName = "Weak-Memory-Isolation";
    public const string TransactionalPageTableName = "Transactional-Page-Table";
    public const string WriteOnceKernelMappingName = "Write-Once-Kernel-Mapping";

    /// <summary>The conditions in VRM's order, as reports name them.</summary>
    public static readonly IReadOnlyList<string> Conditions =
        [DrfKernel.Name, NoBarrierMisuse.Name, WeakMemoryIsolationName, TransactionalPageTableName, WriteOnceKernelMappingName];

    private readonly Program program;
    private readonly KernelInfo kernel;
    private readonly Protections protections = new();
    private readonly List<TranslationRoot> roots = [];
    private readonly List<TranslationRoot> userRoots = [];
    private readonly TranslationRoot? kernelRoot;
    private readonly List<PrivateRange> kernelPrivate;
    private readonly Dictionary<string, ConditionResult> violations = [];
    private readonly bool takesLocks;

    public WdrfRunner(Program program)
    {
        this.program = program;
        kernel = program.Kernel ?? new KernelInfo([], [], [], []);
        foreach (var p in kernel.Protected)
        {
            if (protections.Add(new Protection(p.Lock, p.Start, p.Size, p.Name, p.LockSize)) is { } error)
            {
                throw new AnnotationException($"VRM_PROTECTS({p.LockName}, {p.Name}): {error}");
            }
        }
        foreach (var r in kernel.Roots)
        {
            var root = new TranslationRoot(r.Name, r.Table, r.StartLevel, Stage2: r.Kind == RootKind.Vm, Vmid: r.Kind == RootKind.Vm ? r.Id : 0);
            roots.Add(root);
            if (r.Kind == RootKind.Kernel)
            {
                kernelRoot = root;
            }
            else
            {
                userRoots.Add(root);
            }
        }
        kernelPrivate = [.. kernel.Private.Select(p => new PrivateRange(p.Start, p.Size, p.Name))];
        // Known from the code, not from the executions seen: a search stopped early has seen no hold yet.
        takesLocks = program.Threads.Any(t => t.Code.Any(i => i.Op == Opcode.Annotate && i.Annotation == AnnotationKind.Hold));
        var exempt = new HashSet<int>();
        for (int loc = 0; loc < program.Locations.Count; loc++)
        {
            long address = program.AddressOf(loc);
            if (protections.LockOf(address, program.SizeOf(loc)) is not null && protections.LockMemoryAt(address, program.SizeOf(loc)) is null)
            {
                exempt.Add(loc);
            }
        }
        ProtectedLocations = exempt;
    }

    /// <summary>
    /// The locations some lock protects: DRF-Kernel (a missing lock) and No-Barrier-Misuse (a missing barrier)
    /// judge their accesses, so the search's happens-before race check leaves them out, or a missing barrier
    /// would surface as a data race and end the search before the conditions are decided.
    /// </summary>
    public IReadOnlySet<int> ProtectedLocations { get; }

    /// <summary>Executions seen, complete or blocked.</summary>
    public long Executions { get; private set; }

    public void OnExecution(ExecutionView execution)
    {
        Executions++;
        var replay = new ExecutionReplay(program, kernel, execution);
        Keep(DrfKernel.Check(replay.Events, protections, Name), replay);
        if (!violations.ContainsKey(DrfKernel.Name) && roots.Count > 0)
        {
            UnlockedTableWrites(replay);
        }
        Keep(NoBarrierMisuse.Check(replay.Events, protections, Name), replay);
        if (!violations.ContainsKey(WeakMemoryIsolationName) && kernelPrivate.Count > 0)
        {
            Isolation(replay);
        }
        if (!violations.ContainsKey(TransactionalPageTableName) && roots.Count > 0)
        {
            new TransactionChecker(this, replay).Run();
        }
        if (!violations.ContainsKey(WriteOnceKernelMappingName) && kernelRoot is not null)
        {
            WriteOnce(replay);
        }
    }

    /// <summary>The verdict of each condition, in VRM's order, over every execution seen so far.</summary>
    public IReadOnlyList<ConditionResult> Results()
    {
        var results = new List<ConditionResult>();
        foreach (string name in Conditions)
        {
            if (violations.TryGetValue(name, out var v))
            {
                results.Add(v);
                continue;
            }
            string? notApplicable = name switch
            {
                _ when name == NoBarrierMisuse.Name && !takesLocks => "no CPU takes a lock (no vrm_hold and no pthread mutex)",
                _ when name == WeakMemoryIsolationName && kernelPrivate.Count == 0 => "no memory is declared VRM_KERNEL_PRIVATE",
                _ when name == WeakMemoryIsolationName && userRoots.Count == 0 && !kernel.UserTemplates.Contains(true) => "no user/VM translation root and no vrm_user thread",
                _ when name == TransactionalPageTableName && roots.Count == 0 => "no translation root (VRM_ROOT): the program has no page tables",
                _ when name == WriteOnceKernelMappingName && kernelRoot is null => "no root is the kernel's own (VRM_ROOT_KERNEL)",
                _ => null,
            };
            results.Add(notApplicable is null
                ? new ConditionResult(name, ConditionStatus.Holds, HoldsBecause(name))
                : new ConditionResult(name, ConditionStatus.NotApplicable, notApplicable));
        }
        return results;
    }

    private string HoldsBecause(string name) => name switch
    {
        _ when name == DrfKernel.Name => protections.All.Count == 0
            ? "no data race between kernel CPUs (no memory is declared lock-protected)"
            : "every access to lock-protected memory is made holding its lock, locks exclude, and kernel CPUs have no data race",
        _ when name == NoBarrierMisuse.Name => "a barrier separates every hold from the section's first access and its last access from the release",
        _ when name == WeakMemoryIsolationName => "no user/VM translation maps kernel-private memory, and no user/VM access reaches it",
        _ when name == TransactionalPageTableName => "every critical section's page-table writes give each walk the old or the new translation, and changed translations are invalidated",
        _ => "the kernel's own translations are only ever added",
    };

    /// <summary>An address as the program names it: the variable and the offset into it.</summary>
    internal string Name(long address) =>
        kernel.Protected.FirstOrDefault(p => p.Lock == address) is { } locked ? locked.LockName // a lock as VRM_PROTECTS names it, not its first word
        : program.LocationAt(address) is int loc and >= 0 ? program.Locations[loc] : program.DescribeAddress(address);

    private void Keep(WdrfViolation? v, ExecutionReplay replay)
    {
        if (v is not null)
        {
            Keep(v.Condition, v.Message, replay, replay.StepOf[v.Event]);
        }
    }

    internal void Keep(string condition, string message, ExecutionReplay replay, int step)
    {
        // The first violation found is kept: the search order makes it one of the shortest.
        violations.TryAdd(condition, new ConditionResult(condition, ConditionStatus.Violated, message, replay.Trace, step));
    }

    internal bool Violated(string condition) => violations.ContainsKey(condition);

    internal IReadOnlyList<TranslationRoot> Roots => roots;

    internal Protections Protections => protections;

    internal Program Program => program;

    /// <summary>After every write to a user/VM table and at every user/VM access: nothing reaches kernel-private memory.</summary>
    private void Isolation(ExecutionReplay replay)
    {
        var tables = new HashSet<long>();
        bool stale = true;
        var mem = replay.Initial();
        var memory = replay.Reader(mem);
        // Tables the C initialisers built are there before any write.
        if (replay.Trace.Count > 0 && WeakMemoryIsolation.CheckTables(memory, userRoots, kernelPrivate) is { } initial)
        {
            Keep(WeakMemoryIsolationName, $"{initial.Message} in the initial memory", replay, 0);
            return;
        }
        for (int i = 0; i < replay.Trace.Count; i++)
        {
            var step = replay.Trace[i];
            replay.Apply(mem, i);
            // User code reaches memory through its translation (vrm_user_load/store); a plain C access of a user
            // thread to memory outside its own stack reaches that memory directly, and is judged the same way.
            bool userAccess = step.Loc >= 0 && (step.Instr.Root >= 0 || (kernel.IsUser(step.Template) && program.FrameOwner(step.Loc) < 0));
            if (userAccess && !step.WalkOnly && step.Kind is StepKind.Read or StepKind.Write or StepKind.Update or StepKind.FailedUpdate)
            {
                if (WeakMemoryIsolation.CheckAccess(step.Address, program.AddressOf(step.Loc), program.SizeOf(step.Loc), kernelPrivate) is { } reached)
                {
                    Keep(WeakMemoryIsolationName, $"{reached.Message}, by T{step.Thread} at {replay.Site(step.Instr)}", replay, i);
                    return;
                }
            }
            if (!(step.Kind is StepKind.Write or StepKind.Update) || step.Loc < 0)
            {
                continue;
            }
            if (stale || tables.Contains(program.AddressOf(step.Loc) & ~0xFFFL))
            {
                tables = [.. userRoots.SelectMany(r => TransactionalPageTable.TableLevels(memory, [], [r]).Keys)];
                stale = false;
                if (WeakMemoryIsolation.CheckTables(memory, userRoots, kernelPrivate) is { } breach)
                {
                    Keep(WeakMemoryIsolationName, $"{breach.Message} after the write at {replay.Site(step.Instr)} by T{step.Thread}", replay, i);
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Page tables are memory the kernel shares with every MMU, so a kernel CPU writes them holding a lock
    /// (SeKVM's pt_store needs it). Tables a VRM_PROTECTS names are DRF-Kernel's ordinary business; this
    /// catches a write to an undeclared table (reachable from a root as memory is then) with no lock held,
    /// which no critical section contains and so Transactional-Page-Table never sees.
    /// </summary>
    private void UnlockedTableWrites(ExecutionReplay replay)
    {
        var mem = replay.Initial();
        var memory = replay.Reader(mem);
        int applied = -1;
        Dictionary<long, int>? tables = null;
        var held = new Dictionary<int, int>();
        for (int k = 0; k < replay.Events.Count; k++)
        {
            var e = replay.Events[k];
            switch (e.Kind)
            {
                case KernelEventKind.Hold:
                    held[e.Cpu] = held.GetValueOrDefault(e.Cpu) + 1;
                    break;
                case KernelEventKind.Release:
                    held[e.Cpu] = held.GetValueOrDefault(e.Cpu) - 1;
                    break;
                case KernelEventKind.Write when !e.User && held.GetValueOrDefault(e.Cpu) <= 0 && protections.LockOf(e.Address, e.Size) is null:
                    {
                        // The tables as they are right before the write.
                        int step = replay.StepOf[k];
                        while (applied < step - 1)
                        {
                            replay.Apply(mem, ++applied);
                            tables = null;
                        }
                        tables ??= TransactionalPageTable.TableLevels(memory, [], roots);
                        if (tables.ContainsKey(e.Address & ~0xFFFL))
                        {
                            var root = roots.First(r => TransactionalPageTable.TableLevels(memory, [], [r]).ContainsKey(e.Address & ~0xFFFL));
                            Keep(DrfKernel.Name,
                                $"CPU {e.Cpu} writes {Name(e.Address)} at {e.Site}, an entry of {root.Name}'s page table, holding no lock: the MMU and the other CPUs read page tables concurrently, so they are written holding the lock that protects them (declare it with VRM_PROTECTS)",
                                replay, step);
                            return;
                        }
                        break;
                    }
            }
        }
    }

    /// <summary>Every write of the execution to the kernel's own tables, in order: none may change a translation that is there.</summary>
    private void WriteOnce(ExecutionReplay replay)
    {
        var writes = new List<PageTableWrite>();
        var stepOfWrite = new List<int>();
        for (int i = 0; i < replay.Trace.Count; i++)
        {
            var step = replay.Trace[i];
            if (step.Kind is StepKind.Write or StepKind.Update && step.Loc >= 0)
            {
                writes.Add(new PageTableWrite(program.AddressOf(step.Loc), step.Written, replay.Site(step.Instr)));
                stepOfWrite.Add(i);
            }
        }
        var initial = replay.Reader(replay.Initial());
        var tablePages = TransactionalPageTable.TableLevels(initial, writes, [kernelRoot!]);
        var onTables = writes.Select((w, k) => (w, k)).Where(p => tablePages.ContainsKey(p.w.Address & ~0xFFFL)).ToList();
        var changes = WriteOnceKernelMapping.Check(initial, [.. onTables.Select(p => p.w)], kernelRoot!);
        if (changes.Count > 0)
        {
            var c = changes[0];
            int k = onTables.First(p => ReferenceEquals(p.w, c.Write)).k;
            Keep(WriteOnceKernelMappingName,
                $"the write at {c.Write.Site} changes the kernel's translation of 0x{c.VirtualAddress:x} from {Describe(c.Before, c.After)} to {Describe(c.After, c.Before)}: a kernel mapping, once made, must never change",
                replay, stepOfWrite[k]);
        }
    }

    /// <summary>
    /// A translation as a report shows it: the variable it maps to, or a fault; with its attributes when it is told
    /// apart from <paramref name="other"/> by them alone (a page made read-only).
    /// </summary>
    internal string Describe(Translation t, Translation? other = null) =>
        !t.Mapped ? "no mapping"
        : other is { Mapped: true } o && o.OutputAddress == t.OutputAddress && o.Attributes != t.Attributes ? $"{Name(t.OutputAddress)} (attributes 0x{t.Attributes:x})"
        : Name(t.OutputAddress);
}
