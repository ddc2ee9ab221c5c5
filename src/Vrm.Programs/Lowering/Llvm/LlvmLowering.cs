using Vrm.Syntax;
using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>
/// Lowers a module clang produced from C to the thread IR, with the mapping compilers use on AArch64:
/// plain accesses become LDR/STR, acquire loads LDAR, release stores STLR, fences DMB, RMWs LSE atomics.
/// Calls are inlined; <c>main</c> is thread 0 and each function it passes to pthread_create is a thread
/// template; without <c>main</c>, the functions in section <c>vrm_thread</c> are the threads.
/// </summary>
public static class LlvmLowering
{
    /// <param name="frameCapacity">How many threads get frames (<see cref="Program.FrameCapacity"/>); by default one per pthread_create call site and main.</param>
    /// <param name="heap">How many heap blocks each malloc call site has per thread, and how large a block of a variable size is.</param>
    public static Program Lower(Module module, string file, int? frameCapacity = null, HeapLimits? heap = null) =>
        new ModuleLowering(module, file, heap ?? HeapLimits.Default).Run(frameCapacity);
}

internal sealed partial class ModuleLowering
{
    private const long FunctionBase = 0x0F00_0000_0000L;

    private readonly Module module;
    private readonly string file;
    private readonly LlvmLayout layout;
    private readonly Dictionary<string, Function> functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Global> globals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> addressOf = new(StringComparer.Ordinal);
    private readonly List<string> locNames = [];
    private readonly List<long> locAddresses = [];
    private readonly List<int> locSizes = [];
    private readonly List<long> initial = [];
    private readonly List<int> owners = [];
    private readonly List<string> templateNames = [];
    private readonly Dictionary<string, int> templateOf = new(StringComparer.Ordinal);
    private long nextAddress = Program.AddressBase;
    private int registers = Reg.Count;

    public ModuleLowering(Module module, string file, HeapLimits heap)
    {
        this.module = module;
        this.file = file;
        heapLimits = heap;
        layout = new LlvmLayout(module, (pos, message) => Error(pos, message));
        foreach (var f in module.Functions)
        {
            functions[f.Name] = f;
        }
        foreach (var g in module.Globals)
        {
            globals[g.Name] = g;
        }
    }

    public Program Run(int? frameCapacity)
    {
        PlacePages();
        // Every global is placed before any is initialised: an initialiser may take the address of a global
        // defined after it (a table of pointers to pages).
        var placed = new List<(Global Global, int FirstCell)>();
        foreach (var g in module.Globals)
        {
            // llvm.used and friends list functions for the linker; strings are only assertion messages.
            if (g.ThreadLocal)
            {
                PlaceThreadLocal(g);
            }
            else if (!IsString(g) && !g.Name.StartsWith("llvm.", StringComparison.Ordinal) && !IsPage(g) && !IsDeclaration(g)
                && PlaceGlobal(g, init: false) is int first)
            {
                placed.Add((g, first));
            }
        }
        foreach (var (g, first) in placed)
        {
            if (g.Init is not null)
            {
                InitCells(g.Type, g.Init, first);
            }
        }
        ReadRoots();
        bool hasMain = functions.TryGetValue("main", out var main) && !main.IsDeclaration;
        if (hasMain)
        {
            TemplateFor(main!);
        }
        else
        {
            foreach (var f in module.Functions.Where(f => f.Section is "vrm_thread" or UserSection && !f.IsDeclaration))
            {
                TemplateFor(f);
            }
            if (templateNames.Count == 0)
            {
                throw Error(SourcePos.None, "no 'main' function and no function marked vrm_thread or vrm_user: nothing to run");
            }
        }
        var threads = new List<ThreadProgram>();
        for (int t = 0; t < templateNames.Count; t++)
        {
            var code = new ThreadLowering(this, functions[templateNames[t]], t).Lower();
            threads.Add(new ThreadProgram(t, templateNames[t], code, []));
        }
        // Invariants come last: templates the explorer runs on a state, never started as threads.
        int firstInvariant = templateNames.Count;
        foreach (var f in module.Functions.Where(f => f.Section == InvariantSection && !f.IsDeclaration))
        {
            int t = TemplateFor(f);
            threads.Add(new ThreadProgram(t, f.Name, new ThreadLowering(this, f, t).Lower(), []));
            // What an invariant writes (its own locals) goes to a copy of the state it checks: only threads are refused.
            if (threads[^1].Code.Any(i => i.Op is Opcode.Spawn or Opcode.Join))
            {
                throw Error(SourcePos.None, $"invariant {f.Name} starts or joins threads: an invariant only checks the state");
            }
        }
        var operationList = new List<Operation>();
        operations ??= ReadOperations();
        foreach (var (op, spec) in operations)
        {
            int t = TemplateFor(functions[spec]);
            threads.Add(new ThreadProgram(t, spec, new ThreadLowering(this, functions[spec], t).Lower(spec: true), []));
            if (threads[^1].Code.Any(i => i.Op is Opcode.Spawn or Opcode.Join))
            {
                throw Error(SourcePos.None, $"specification {spec} starts or joins threads: a specification is one atomic step");
            }
            var opFunction = functions.GetValueOrDefault(op);
            operationList.Add(new Operation(op, t, opFunction?.Params.Count ?? 0, opFunction is not null && layout.Resolve(opFunction.ReturnType) is not VoidType));
        }
        var abstractions = new List<int>();
        foreach (var relation in ReadAbstractions())
        {
            int t = TemplateFor(functions[relation]);
            threads.Add(new ThreadProgram(t, relation, new ThreadLowering(this, functions[relation], t).Lower(spec: true), []));
            if (threads[^1].Code.Any(i => i.Op is Opcode.Spawn or Opcode.Join))
            {
                throw Error(SourcePos.None, $"abstraction relation {relation} starts or joins threads: it only reads the state");
            }
            abstractions.Add(t);
        }
        var (capacity, framed) = PlaceFrames(hasMain, frameCapacity, threads.Sum(t => t.Code.Count(i => i.Op == Opcode.Spawn)));
        var heap = PlaceHeap(hasMain, framed);
        string name = Path.GetFileNameWithoutExtension(file);
        return new Program(name, file, locNames, [.. initial], threads, CondKind.Forall, new ConstCond(true), null, [])
        {
            Addresses = [.. locAddresses],
            Sizes = [.. locSizes],
            RegisterCount = registers,
            Spawns = hasMain,
            FrameOwners = [.. owners],
            FrameCapacity = capacity,
            Vmsa = pages.Count == 0 ? null : new VmsaInfo(pages, []),
            Heap = heap,
            Kernel = ReadKernel(templateNames, threads.Any(t => t.Code.Any(i => i.Op == Opcode.Annotate))),
            Invariants = [.. Enumerable.Range(firstInvariant, templateNames.Count - firstInvariant - operationList.Count - abstractions.Count)],
            Operations = operationList,
            Abstractions = abstractions,
        };
    }

    public Module Module => module;

    public LlvmLayout Layout => layout;

    public void NoteRegisters(int count) => registers = Math.Max(registers, count);

    /// <summary>The thread template that runs <paramref name="f"/>, made on first use.</summary>
    public int TemplateFor(Function f)
    {
        if (!templateOf.TryGetValue(f.Name, out int t))
        {
            t = templateNames.Count;
            templateOf[f.Name] = t;
            templateNames.Add(f.Name);
        }
        return t;
    }

    public Function? FunctionNamed(string name) => functions.GetValueOrDefault(name);

    private List<Function>? addressTaken;

    /// <summary>The functions whose address the program takes (in an initialiser or an operand other than a direct callee), in module order.</summary>
    public IReadOnlyList<Function> AddressTaken()
    {
        if (addressTaken is null)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var g in module.Globals)
            {
                if (g.Init is not null)
                {
                    Collect(g.Init);
                }
            }
            foreach (var ins in module.Functions.SelectMany(f => f.Blocks).SelectMany(b => b.Instrs))
            {
                foreach (var v in LocalSlots.Operands(ins))
                {
                    if (!(ins is CallInstr c && ReferenceEquals(v, c.Callee)))
                    {
                        Collect(v);
                    }
                }
            }
            addressTaken = [.. module.Functions.Where(f => names.Contains(f.Name))];

            void Collect(LValue v)
            {
                switch (v)
                {
                    case GlobalRef g when functions.ContainsKey(g.Name):
                        names.Add(g.Name);
                        break;
                    case AggregateConst a:
                        foreach (var e in a.Elements)
                        {
                            Collect(e.Value);
                        }
                        break;
                    case ConstExpr e:
                        foreach (var o in LocalSlots.Operands(e.Expr))
                        {
                            Collect(o);
                        }
                        break;
                }
            }
        }
        return addressTaken;
    }

    private static bool IsString(Global g) =>
        g.Constant && g.Init is StringConst or AggregateConst { Elements.Count: 0 } && g.Type is ArrayType { Element: IntType { Bits: 8 } };

    /// <summary>The text of a string constant such as an assertion's message, or null.</summary>
    public string? StringAt(LValue v)
    {
        while (v is ConstExpr { Expr: GetElementPtrInstr gep })
        {
            v = gep.Base.Value;
        }
        while (v is ConstExpr { Expr: CastInstr c })
        {
            v = c.Value.Value;
        }
        if (v is GlobalRef r && globals.TryGetValue(r.Name, out var g) && g.Init is StringConst s)
        {
            int end = Array.IndexOf(s.Bytes, (byte)0);
            return System.Text.Encoding.UTF8.GetString(s.Bytes, 0, end < 0 ? s.Bytes.Length : end);
        }
        return null;
    }

    /// <summary>
    /// A constant byte array is memory only when code reads it (a local <c>char s[] = "ab"</c> is copied from
    /// one); the strings that only name a failed assertion never become locations.
    /// </summary>
    private long PlaceOnUse(Global g)
    {
        PlaceGlobal(g);
        return addressOf[g.Name];
    }

    /// <summary>Places a global (and writes its initialiser when <paramref name="init"/>); its first cell, or null when it is no data.</summary>
    private int? PlaceGlobal(Global g, bool init = true)
    {
        var type = layout.Resolve(g.Type);
        if (type is FunctionType or OtherType or VoidType)
        {
            return null;
        }
        int first = locNames.Count;
        long baseAddress = Place(g.Name, g.Type);
        addressOf[g.Name] = baseAddress;
        if (init)
        {
            InitGlobal(g);
        }
        return first;
    }

    /// <summary>Writes a global's constant initialiser into its cells, the last ones placed.</summary>
    private void InitGlobal(Global g)
    {
        if (g.Init is not null)
        {
            InitCells(g.Type, g.Init, locNames.Count - CellCount(g.Type));
        }
    }

    private int CellCount(LType type)
    {
        var cells = new List<Cell>();
        layout.Flatten(type, 0, "", cells);
        return cells.Count;
    }

    /// <summary>Makes the locations of a global variable of <paramref name="type"/> and returns its base address.</summary>
    public long Place(string name, LType type)
    {
        long size = Math.Max(1, layout.SizeOf(type));
        long baseAddress = nextAddress;
        nextAddress += (size + Program.AddressStride - 1) / Program.AddressStride * Program.AddressStride;
        PlaceAt(name, type, baseAddress, -1);
        return baseAddress;
    }

    /// <summary>Makes the locations of a variable at <paramref name="baseAddress"/>, in the frame of thread <paramref name="owner"/> (or -1); the name it got.</summary>
    private string PlaceAt(string name, LType type, long baseAddress, int owner)
    {
        while (locNames.Contains(name) || locNames.Any(n => n.StartsWith(name + "[", StringComparison.Ordinal) || n.StartsWith(name + ".", StringComparison.Ordinal)))
        {
            name += "'";
        }
        var cells = new List<Cell>();
        layout.Flatten(type, 0, name, cells);
        foreach (var c in cells)
        {
            locNames.Add(c.Name);
            locAddresses.Add(baseAddress + c.Offset);
            locSizes.Add(c.Size);
            initial.Add(0);
            owners.Add(owner);
        }
        return name;
    }

    /// <summary>Writes a constant initialiser into the cells from <paramref name="first"/> on; returns the next cell.</summary>
    private int InitCells(LType type, LValue value, int first)
    {
        var t = layout.Resolve(type);
        switch (t)
        {
            case IntType or PtrType:
                initial[first] = value is ZeroInitConst or UndefConst ? 0 : Truncate(Constant(value), (int)layout.SizeOf(t));
                return first + 1;
            case ArrayType a:
                {
                    int at = first;
                    for (long k = 0; k < a.Count; k++)
                    {
                        at = value switch
                        {
                            AggregateConst agg => InitCells(a.Element, agg.Elements[(int)k].Value, at),
                            StringConst s => InitCells(a.Element, new IntConst(k < s.Bytes.Length ? s.Bytes[k] : 0), at),
                            _ => InitCells(a.Element, new ZeroInitConst(), at),
                        };
                    }
                    return at;
                }
            case StructType s:
                {
                    int at = first;
                    for (int i = 0; i < s.Fields.Count; i++)
                    {
                        at = InitCells(s.Fields[i], value is AggregateConst agg ? agg.Elements[i].Value : new ZeroInitConst(), at);
                    }
                    return at;
                }
            default:
                throw Error(SourcePos.None, $"cannot initialise a value of type {LlvmLayout.Describe(type)}");
        }
    }

    public static long Truncate(long v, int size) => size >= 8 ? v : v & ((1L << (size * 8)) - 1);

    /// <summary>Folds a constant operand: integers, null, addresses of globals and functions, constant GEPs and casts.</summary>
    public long Constant(LValue v) => v switch
    {
        IntConst i => i.Value,
        NullConst or UndefConst or ZeroInitConst => 0,
        GlobalRef g when addressOf.TryGetValue(g.Name, out long a) => a,
        GlobalRef g when functions.ContainsKey(g.Name) => FunctionBase + (module.Functions.ToList().FindIndex(f => f.Name == g.Name) * Program.AddressStride),
        GlobalRef g when globals.TryGetValue(g.Name, out var constant) && IsString(constant) => PlaceOnUse(constant),
        GlobalRef g => throw Error(SourcePos.None, $"'@{g.Name}' is not a variable vrm models"),
        ConstExpr { Expr: CastInstr c } => Constant(c.Value.Value),
        ConstExpr { Expr: GetElementPtrInstr gep } => Constant(gep.Base.Value) + layout.ConstantOffset(gep.SourceType, [.. gep.Indices.Select(i => Constant(i.Value))]),
        ConstExpr { Expr: BinaryInstr b } => Fold(b.Op, Constant(b.Left), Constant(b.Right)),
        ConstExpr { Expr: ICmpInstr c } => Compare(c, Constant(c.Left), Constant(c.Right)) ? 1 : 0,
        _ => throw Error(SourcePos.None, $"unsupported constant {v}"),
    };

    private long Fold(string op, long a, long b) => op switch
    {
        "add" => a + b,
        "sub" => a - b,
        "mul" => a * b,
        "and" => a & b,
        "or" => a | b,
        "xor" => a ^ b,
        "shl" => a << (int)b,
        "lshr" => (long)((ulong)a >> (int)b),
        "ashr" => a >> (int)b,
        // Pointer differences of globals (&a[2] - &a[0]) divide the address difference by the element size.
        "sdiv" or "udiv" or "srem" or "urem" when b == 0 => throw Error(SourcePos.None, $"constant expression '{op}' by zero"),
        "sdiv" => b == -1 ? -a : a / b,
        "srem" => b == -1 ? 0 : a % b,
        "udiv" => (long)((ulong)a / (ulong)b),
        "urem" => (long)((ulong)a % (ulong)b),
        _ => throw Error(SourcePos.None, $"unsupported constant expression '{op}'"),
    };

    /// <summary>A constant icmp, on operands of its type's width.</summary>
    private static bool Compare(ICmpInstr c, long a, long b)
    {
        int bits = c.Type is IntType i ? i.Bits : 64;
        if (bits < 64)
        {
            int shift = 64 - bits;
            (a, b) = c.Pred[0] == 's' ? ((a << shift) >> shift, (b << shift) >> shift) : ((long)((ulong)(a << shift) >> shift), (long)((ulong)(b << shift) >> shift));
        }
        return c.Pred switch
        {
            "eq" => a == b,
            "ne" => a != b,
            "sgt" => a > b,
            "sge" => a >= b,
            "slt" => a < b,
            "sle" => a <= b,
            "ugt" => (ulong)a > (ulong)b,
            "uge" => (ulong)a >= (ulong)b,
            "ult" => (ulong)a < (ulong)b,
            _ => (ulong)a <= (ulong)b,
        };
    }

    /// <summary>The C position of an instruction when the module has debug information, else its .ll position.</summary>
    public (string File, SourcePos Pos) Where(LInstr? at)
    {
        if (at is not null && at.DebugId >= 0 && module.Locations.TryGetValue(at.DebugId, out var loc))
        {
            return (SameFile(loc.File, file) ? file : loc.File, new SourcePos(loc.Line, Math.Max(1, loc.Column)));
        }
        return (module.File, at?.Pos ?? SourcePos.None);
    }

    /// <summary>Positions in the input file are reported under the name the user gave it.</summary>
    private static bool SameFile(string debugFile, string input)
    {
        try
        {
            return debugFile.Length > 0 && Path.GetFullPath(debugFile) == Path.GetFullPath(input);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public DiagnosticException Error(LInstr? at, string message, bool unsupported = false)
    {
        var (f, pos) = Where(at);
        return new DiagnosticException(new Diagnostic(f, pos, message), unsupported);
    }

    private DiagnosticException Error(SourcePos pos, string message) =>
        new(new Diagnostic(module.File, pos, message), unsupported: true);
}
