using Vrm.Syntax;
using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>
/// The kernel annotations of vrm.h that are declarations, not code: constant structs in the sections
/// <c>vrm_protect</c>, <c>vrm_private</c> and <c>vrm_root</c>, read here once (they cost no execution time and are
/// known before any execution), and thread functions in section <c>vrm_user</c>, which are user/VM code.
/// </summary>
internal sealed partial class ModuleLowering
{
    public const string ProtectSection = "vrm_protect", PrivateSection = "vrm_private", RootSection = "vrm_root", UserSection = "vrm_user";
    public const string PrincipalSection = "vrm_principal", SecretSection = "vrm_secret", ObservableSection = "vrm_observable", InvariantSection = "vrm_invariant";
    public const string SpecSection = "vrm_spec", AbstractionSection = "vrm_abstraction";

    /// <summary>Operations with an atomic specification (<c>VRM_SPEC</c>): the operation's and the spec's function names.</summary>
    private List<(string Operation, string Spec)>? operations;

    /// <summary>The index of the operation <paramref name="function"/> in the program's <see cref="Operation"/> list, or -1.</summary>
    public int OperationIndex(string function)
    {
        operations ??= ReadOperations();
        return operations.FindIndex(o => o.Operation == function);
    }

    private List<(string, string)> ReadOperations()
    {
        var list = new List<(string, string)>();
        foreach (var g in module.Globals.Where(g => g.Section == SpecSection))
        {
            var f = Fields(g, 2);
            string op = FunctionName(f[0]) ?? throw Error(SourcePos.None, $"'{g.Name}': VRM_SPEC names no operation function");
            string spec = FunctionName(f[1]) ?? throw Error(SourcePos.None, $"'{g.Name}': VRM_SPEC names no specification function");
            if (!functions.TryGetValue(spec, out var s) || s.IsDeclaration)
            {
                throw Error(SourcePos.None, $"VRM_SPEC({op}, {spec}): the specification has no body");
            }
            if (s.Params.Count > 2)
            {
                throw Error(SourcePos.None, $"VRM_SPEC({op}, {spec}): a specification takes at most two arguments (the operation's first two)");
            }
            list.Add((op, spec));
        }
        return list;
    }

    /// <summary>The functions VRM_ABSTRACTION names: relations checked at the end of every linearization.</summary>
    private List<string> ReadAbstractions()
    {
        var list = new List<string>();
        foreach (var g in module.Globals.Where(g => g.Section == AbstractionSection))
        {
            var f = Fields(g, 2);
            string relation = FunctionName(f[1]) ?? throw Error(SourcePos.None, $"'{g.Name}': VRM_ABSTRACTION names no function");
            if (!functions.TryGetValue(relation, out var r) || r.IsDeclaration)
            {
                throw Error(SourcePos.None, $"VRM_ABSTRACTION({relation}): the relation has no body");
            }
            if (r.Params.Count > 0)
            {
                throw Error(SourcePos.None, $"VRM_ABSTRACTION({relation}): the relation takes no arguments (it reads the state)");
            }
            list.Add(relation);
        }
        return list;
    }

    private readonly List<RootDeclaration> roots = [];

    private static bool IsDeclaration(Global g) => g.Section is ProtectSection or PrivateSection or RootSection or PrincipalSection or SecretSection or ObservableSection or SpecSection or AbstractionSection;

    public bool IsUserFunction(Function f) => f.Section == UserSection;

    /// <summary>The index of the root whose top table is at <paramref name="table"/>, or -1.</summary>
    public int RootAt(long table) => roots.FindIndex(r => r.Table == table);

    public IReadOnlyList<RootDeclaration> Roots => roots;

    /// <summary>Reads the root declarations (before the threads are lowered: user accesses name their root).</summary>
    private void ReadRoots()
    {
        foreach (var g in module.Globals.Where(g => g.Section == RootSection))
        {
            var f = Fields(g, 5);
            string name = StringAt(f[0]) ?? g.Name;
            long table = Constant(f[1]);
            long level = Constant(f[2]), kind = Constant(f[3]), id = Constant(f[4]);
            if (table % 4096 != 0)
            {
                throw Error(SourcePos.None, $"VRM_ROOT({name}): the table is not 4096-byte aligned (declare it with __attribute__((aligned(4096))))");
            }
            if (level is < 0 or > 3)
            {
                throw Error(SourcePos.None, $"VRM_ROOT({name}): start level {level} is not 0 to 3");
            }
            if (kind is < 0 or > 2)
            {
                throw Error(SourcePos.None, $"VRM_ROOT({name}): kind {kind} is not VRM_ROOT_KERNEL, VRM_ROOT_USER or VRM_ROOT_VM");
            }
            if (RootAt(table) >= 0)
            {
                throw Error(SourcePos.None, $"VRM_ROOT({name}): this table is declared as a root twice");
            }
            if (kind == 0 && roots.Any(r => r.Kind == RootKind.Kernel))
            {
                throw Error(SourcePos.None, $"VRM_ROOT({name}): the kernel has one own table, and another root is declared VRM_ROOT_KERNEL");
            }
            roots.Add(new RootDeclaration(name, table, (int)level, (RootKind)kind, (int)id));
        }
    }

    /// <summary>The program's kernel annotations, or null when it has none.</summary>
    private KernelInfo? ReadKernel(IReadOnlyList<string> templates, bool usesAnnotations)
    {
        var protectedRanges = new List<LockedRange>();
        foreach (var g in module.Globals.Where(g => g.Section == ProtectSection))
        {
            // A sixth field, the lock's size, came later: a declaration made by an older vrm.h still reads.
            var f = Fields(g, 5, 6);
            var range = new LockedRange(Constant(f[0]), Constant(f[1]), Constant(f[2]), StringAt(f[3]) ?? g.Name, StringAt(f[4]) ?? "lock",
                f.Count > 5 ? Constant(f[5]) : 0);
            if (range.Size <= 0)
            {
                throw Error(SourcePos.None, $"VRM_PROTECTS({range.LockName}, {range.Name}): protects no memory (size {range.Size})");
            }
            if (protectedRanges.FirstOrDefault(r => r.Lock != range.Lock && r.Start < range.Start + range.Size && range.Start < r.Start + r.Size) is { } other)
            {
                throw Error(SourcePos.None, $"VRM_PROTECTS({range.LockName}, {range.Name}): overlaps '{other.Name}', which another lock ({other.LockName}) protects");
            }
            protectedRanges.Add(range);
        }
        // A lock's own words are never protected memory, so a "lock" whose size takes in part of what some lock
        // protects (a whole VM record named as the lock of its fields) would exempt that memory from every check.
        foreach (var range in protectedRanges.Where(r => r.LockSize > 0))
        {
            long end = range.Lock + range.LockSize;
            if (protectedRanges.FirstOrDefault(o => o.Start < end && range.Lock < o.Start + o.Size && !(o.Start <= range.Lock && end <= o.Start + o.Size)) is { } inside)
            {
                throw Error(SourcePos.None, $"VRM_PROTECTS({range.LockName}, {range.Name}): the lock's own memory ({range.LockSize} bytes from {range.LockName}) holds part of '{inside.Name}', which a lock protects: name the lock itself, not an object around it");
            }
        }
        var privateRanges = new List<PrivateMemory>();
        foreach (var g in module.Globals.Where(g => g.Section == PrivateSection))
        {
            var f = Fields(g, 3);
            privateRanges.Add(new PrivateMemory(Constant(f[0]), Constant(f[1]), StringAt(f[2]) ?? g.Name));
        }
        var users = templates.Select(t => functions.TryGetValue(t, out var fn) && IsUserFunction(fn)).ToList();
        var principalOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var g in module.Globals.Where(g => g.Section == PrincipalSection))
        {
            var f = Fields(g, 2);
            string function = FunctionName(f[0]) ?? throw Error(SourcePos.None, $"'{g.Name}': VRM_PRINCIPAL names no function");
            long principal = Constant(f[1]);
            if (principal < 0)
            {
                throw Error(SourcePos.None, $"VRM_PRINCIPAL({function}, {principal}): principal {principal} is negative (principals are 0, 1, 2...)");
            }
            if (principalOf.TryGetValue(function, out int before) && before != principal)
            {
                throw Error(SourcePos.None, $"VRM_PRINCIPAL({function}, {principal}): {function} already runs for principal {before}");
            }
            principalOf[function] = (int)principal;
        }
        var secrets = PrincipalRanges(SecretSection);
        foreach (var a in secrets)
        {
            if (secrets.FirstOrDefault(b => b.Principal != a.Principal && a.Start < b.Start + b.Size && b.Start < a.Start + a.Size) is { } b)
            {
                throw Error(SourcePos.None, $"VRM_SECRET({a.Principal}, {a.Name}): overlaps '{b.Name}', which is secret to principal {b.Principal} (a secret has one owner)");
            }
        }
        var observables = PrincipalRanges(ObservableSection);
        if (protectedRanges.Count == 0 && privateRanges.Count == 0 && roots.Count == 0 && !users.Contains(true) && !usesAnnotations
            && principalOf.Count == 0 && secrets.Count == 0)
        {
            return null;
        }
        return new KernelInfo(protectedRanges, privateRanges, roots, users)
        {
            Principals = [.. templates.Select(t => principalOf.TryGetValue(t, out int p) ? p : -1)],
            Secrets = secrets,
            Observables = observables,
        };
    }

    private List<PrincipalMemory> PrincipalRanges(string section)
    {
        var list = new List<PrincipalMemory>();
        foreach (var g in module.Globals.Where(g => g.Section == section))
        {
            var f = Fields(g, 4);
            long principal = Constant(f[2]);
            if (principal < 0)
            {
                throw Error(SourcePos.None, $"'{StringAt(f[3]) ?? g.Name}': principal {principal} is negative (principals are 0, 1, 2...)");
            }
            list.Add(new PrincipalMemory((int)principal, Constant(f[0]), Constant(f[1]), StringAt(f[3]) ?? g.Name));
        }
        return list;
    }

    private static string? FunctionName(LValue v) => v switch
    {
        GlobalRef r => r.Name,
        ConstExpr { Expr: CastInstr c } => FunctionName(c.Value.Value),
        _ => null,
    };

    /// <summary>The fields of a declaration struct, which vrm.h's macros make with <paramref name="count"/> fields (up to <paramref name="most"/>).</summary>
    private IReadOnlyList<LValue> Fields(Global g, int count, int? most = null)
    {
        if (g.Init is not AggregateConst agg || agg.Elements.Count < count || agg.Elements.Count > (most ?? count))
        {
            throw Error(SourcePos.None, $"'{g.Name}' in section {g.Section} is not a declaration vrm.h's macros make: use VRM_PROTECTS, VRM_KERNEL_PRIVATE or VRM_ROOT");
        }
        return [.. agg.Elements.Select(e => e.Value)];
    }
}
