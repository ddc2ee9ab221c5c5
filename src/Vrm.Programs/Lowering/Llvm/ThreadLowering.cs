using Vrm.Syntax;
using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>A jump target in the code being built; its position is known once the block is placed.</summary>
internal sealed class Label
{
    public int Position = -1;
}

/// <summary>
/// Builds the code of one thread template: the entry function with every call inlined, SSA values in
/// fresh virtual registers, phis as copies on the edges that reach them, branches patched at the end.
/// </summary>
internal sealed partial class ThreadLowering(ModuleLowering module, Function entry, int template)
{
    private readonly List<Instr> code = [];
    private readonly List<(int At, Label Target)> fixups = [];
    private readonly List<string> callStack = [];
    private readonly Label end = new();
    // Reg.Sp holds the thread's frame base (Program.FrameBase), set when the thread starts.
    private int nextReg = Reg.Count;
    private Frame frame = null!;
    private LInstr? current;

    /// <summary>One inlined instance of a function: its values, its blocks, and where its return goes.</summary>
    private sealed class Frame(Function function, Label exit, int result)
    {
        public Function Function = function;
        public Label Exit = exit;
        public int Result = result;
        public int[] ResultParts = [];
        public Dictionary<string, int> Values = new(StringComparer.Ordinal);
        public Dictionary<string, Label> Blocks = new(StringComparer.Ordinal);
        public Dictionary<string, Block> BlockNamed = new(StringComparer.Ordinal);
        public HashSet<(string From, string To)> AwaitEdges = [];
        public HashSet<(string From, string To)> CountedEdges = [];

        /// <summary>The allocas that are registers (<see cref="LocalSlots"/>) and the register each is.</summary>
        public Dictionary<string, string> Promotable = [];
        public Dictionary<string, int> Slots = new(StringComparer.Ordinal);

        /// <summary>Each value's defining instruction, made when first asked for.</summary>
        public Dictionary<string, LInstr>? Definitions;
        public string Block = "";
    }

    /// <param name="spec">An atomic specification: its first two parameters are X0 and X1, and it returns its result in X0.</param>
    public Instr[] Lower(bool spec = false)
    {
        var args = new int[entry.Params.Count];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = i == 0 || (spec && i == 1) ? i : Reg.Zero;
        }
        Inline(entry, args, end, spec ? 0 : Reg.None, null);
        end.Position = code.Count;
        foreach (var (at, target) in fixups)
        {
            code[at] = code[at] with { Target = target.Position };
        }
        module.NoteRegisters(nextReg);
        return [.. code];
    }

    private int NewReg() => nextReg++;

    private void Inline(Function f, int[] args, Label exit, int result, LInstr? call)
    {
        if (f.IsDeclaration)
        {
            throw NoBody(f, call);
        }
        if (callStack.Contains(f.Name))
        {
            throw module.Error(call, $"recursive call of '{f.Name}': vrm inlines calls, so recursion is not supported");
        }
        callStack.Add(f.Name);
        var outer = frame;
        int[] resultParts = call is CallInstr { Result: { } named } c && result != Reg.None && AggregateCells(c.ReturnType) is not null ? Parts(named, c.ReturnType) : [];
        frame = new Frame(f, exit, result) { ResultParts = resultParts };
        // An aggregate parameter ([2 x i64], a struct passed in registers) takes one argument register per cell.
        for (int i = 0, next = 0; i < f.Params.Count; i++)
        {
            // The entry thread's first parameter is X0 itself, which a spawn sets.
            if (outer is null && i == 0)
            {
                frame.Values[f.Params[i].Name] = 0;
                next++;
                continue;
            }
            int parts = AggregateCells(f.Params[i].Type)?.Count ?? 1;
            for (int k = 0; k < parts; k++, next++)
            {
                int reg = NewReg();
                frame.Values[k == 0 ? f.Params[i].Name : $"{f.Params[i].Name}#{k}"] = reg;
                Mov(reg, next < args.Length ? args[next] : Reg.Zero);
            }
        }
        foreach (var b in f.Blocks)
        {
            frame.Blocks[b.Label] = new Label();
            frame.BlockNamed[b.Label] = b;
            foreach (var ins in b.Instrs)
            {
                if (ins.Result is { } name)
                {
                    frame.Values[name] = NewReg();
                    if (IsPair(ins))
                    {
                        frame.Values[name + "#1"] = NewReg();
                    }
                    NameParts(ins);
                }
            }
        }
        frame.Promotable = module.PromotableIn(f);
        var loops = new Loops(f, frame.Promotable);
        frame.AwaitEdges = loops.AwaitEdges();
        frame.CountedEdges = loops.CountedEdges();
        foreach (var b in f.Blocks)
        {
            frame.Block = b.Label;
            Place(frame.Blocks[b.Label]);
            foreach (var ins in b.Instrs)
            {
                current = ins;
                LowerInstr(ins);
            }
        }
        frame = outer!;
        callStack.RemoveAt(callStack.Count - 1);
    }

    private DiagnosticException NoBody(Function f, LInstr? call) =>
        module.Error(call, $"call to '{f.Name}', which has no body: vrm inlines calls and models only the C library functions its README lists (pthread_*, malloc, calloc, free, exit, assert, __VERIFIER_*)");

    private void Place(Label label) => label.Position = code.Count;

    private Instr Make(Opcode op, string text)
    {
        var (f, pos) = module.Where(current);
        return new Instr(op, pos, text) { SourceFile = f };
    }

    private void Emit(Instr ins) => code.Add(ins);

    private void Jump(Instr ins, Label target)
    {
        fixups.Add((code.Count, target));
        code.Add(ins);
    }

    private int Value(string name) => frame.Values.TryGetValue(name, out int r) ? r : throw module.Error(current, $"use of undefined value %{name}");

    /// <summary>The register holding an operand; constants are materialised in a fresh register.</summary>
    private int Use(LValue v, LType? type = null)
    {
        switch (v)
        {
            case LocalRef l:
                return Value(l.Name);
            case NullConst or UndefConst or ZeroInitConst:
                return Reg.Zero;
            case GlobalRef or ConstExpr when module.ThreadLocalOffset(v) is long offset:
                {
                    // A thread-local variable lives in the frame of the thread that runs this code.
                    int reg = NewReg();
                    Alu(AluOp.Add, reg, Reg.Sp, Operand2.Immediate(offset));
                    return reg;
                }
            case IntConst { Value: 0 }:
                return Reg.Zero;
            case MetadataArg or InlineAsm or OtherConst or StringConst or AggregateConst:
                throw module.Error(current, $"unsupported operand {v}", unsupported: true);
            default:
                {
                    long k = module.Constant(v);
                    if (type is IntType { Bits: < 64 } it)
                    {
                        k = ModuleLowering.Truncate(k, LlvmLayout.IntBytes(it.Bits));
                        k &= it.Bits == 1 ? 1 : -1;
                    }
                    int reg = NewReg();
                    Emit(Make(Opcode.MovImm, $"mov #{k}") with { Rd = reg, Imm = k });
                    return reg;
                }
        }
    }

    private void Mov(int rd, int rs) =>
        Emit(Make(Opcode.Alu, "mov") with { Rd = rd, Rn = Reg.Zero, Src2 = Operand2.Register(rs), Alu = AluOp.Orr });

    private void Alu(AluOp op, int rd, int rn, Operand2 src2, int rm = Reg.None, bool flags = false) =>
        Emit(Make(Opcode.Alu, op.ToString().ToLowerInvariant()) with { Rd = rd, Rn = rn, Src2 = src2, Rm = rm, Alu = op, SetsFlags = flags });

    /// <summary>Keeps a value of <paramref name="bits"/> bits zero-extended in its 64-bit register.</summary>
    private void Mask(int rd, int bits)
    {
        if (bits < 64)
        {
            Alu(AluOp.And, rd, rd, Operand2.Immediate(bits == 1 ? 1 : (1L << bits) - 1));
        }
    }

    private void SignExtend(int rd, int rs, int bits)
    {
        if (bits >= 64)
        {
            Mov(rd, rs);
        }
        else if (bits == 32)
        {
            Alu(AluOp.Sxtw, rd, rs, Operand2.Immediate(0));
        }
        else
        {
            Alu(AluOp.Lsl, rd, rs, Operand2.Immediate(64 - bits));
            Alu(AluOp.Asr, rd, rd, Operand2.Immediate(64 - bits));
        }
    }

    /// <summary>rd := (a cond b) as 0 or 1, through the flags (CMP then CSET).</summary>
    private void Compare(int rd, int a, int b, CondCode cond)
    {
        Alu(AluOp.Sub, Reg.Zero, a, Operand2.Register(b), flags: true);
        Emit(Make(Opcode.Csel, "cset") with { Rd = rd, Rn = Reg.Zero, Rm = Reg.Zero, Csel = CselKind.Csinc, Cond = Invert(cond) });
    }

    private static CondCode Invert(CondCode c) => c switch
    {
        CondCode.Eq => CondCode.Ne,
        CondCode.Ne => CondCode.Eq,
        CondCode.Cs => CondCode.Cc,
        CondCode.Cc => CondCode.Cs,
        CondCode.Hi => CondCode.Ls,
        CondCode.Ls => CondCode.Hi,
        CondCode.Ge => CondCode.Lt,
        CondCode.Lt => CondCode.Ge,
        CondCode.Gt => CondCode.Le,
        CondCode.Le => CondCode.Gt,
        CondCode.Mi => CondCode.Pl,
        CondCode.Pl => CondCode.Mi,
        CondCode.Vs => CondCode.Vc,
        CondCode.Vc => CondCode.Vs,
        _ => c,
    };

    private int Bits(LType t) => t switch
    {
        IntType { Bits: > 64 } i => throw module.Error(current, WideInteger(i.Bits), unsupported: true),
        IntType i => i.Bits,
        _ => 64,
    };

    /// <summary>Why an integer wider than a register is refused.</summary>
    public static string WideInteger(int bits) =>
        $"a {bits}-bit integer (__int128, or the i65 clang computes an overflow builtin of mixed signedness in): vrm computes in 64-bit registers";

    // ---- control flow ----

    private void Terminator(LInstr ins)
    {
        switch (ins)
        {
            case BrInstr br:
                Edge(br.Target);
                break;
            case CondBrInstr cbr:
                {
                    int c = Use(cbr.Cond, new IntType(1));
                    if (!HasCopies(cbr.IfTrue))
                    {
                        Jump(Make(Opcode.BranchZero, "cbnz") with { Rn = c, NonZero = true, Await = IsAwait(cbr.IfTrue), Counted = IsCounted(cbr.IfTrue) }, frame.Blocks[cbr.IfTrue]);
                        Edge(cbr.IfFalse);
                    }
                    else
                    {
                        var otherwise = new Label();
                        Jump(Make(Opcode.BranchZero, "cbz") with { Rn = c }, otherwise);
                        Edge(cbr.IfTrue);
                        Place(otherwise);
                        Edge(cbr.IfFalse);
                    }
                    break;
                }
            case SwitchInstr sw:
                {
                    int v = Use(sw.Value.Value, sw.Value.Type);
                    foreach (var c in sw.Cases)
                    {
                        int k = Use(new IntConst(c.Value), sw.Value.Type);
                        Alu(AluOp.Sub, Reg.Zero, v, Operand2.Register(k), flags: true);
                        var next = new Label();
                        Jump(Make(Opcode.BranchCond, "b.ne") with { Cond = CondCode.Ne }, next);
                        Edge(c.Target);
                        Place(next);
                    }
                    Edge(sw.Default);
                    break;
                }
            case RetInstr ret:
                if (ret.Value is { } returned && frame.Result != Reg.None && returned.Type is not VoidType)
                {
                    // An aggregate goes to the caller's registers of the call's result, one per cell.
                    var values = UseParts(returned);
                    var targets = frame.ResultParts.Length == values.Length ? frame.ResultParts : [frame.Result];
                    for (int k = 0; k < targets.Length; k++)
                    {
                        Mov(targets[k], values[k]);
                    }
                }
                Jump(Make(Opcode.Branch, "ret"), frame.Exit);
                break;
            case UnreachableInstr:
                Jump(Make(Opcode.Branch, "unreachable"), end);
                break;
        }
    }

    private bool IsAwait(string to) => frame.AwaitEdges.Contains((frame.Block, to));

    private bool IsCounted(string to) => frame.CountedEdges.Contains((frame.Block, to));

    private List<(int Reg, TypedValue Value)> Copies(string to)
    {
        var copies = new List<(int, TypedValue)>();
        foreach (var ins in frame.BlockNamed[to].Instrs)
        {
            if (ins is not PhiInstr phi)
            {
                break;
            }
            var incoming = phi.Incoming.FirstOrDefault(i => i.Block == frame.Block)
                ?? throw module.Error(ins, $"phi has no value for the edge from %{frame.Block}");
            copies.Add((Value(phi.Result!), new TypedValue(phi.Type, incoming.Value)));
        }
        return copies;
    }

    private bool HasCopies(string to) => Copies(to).Count > 0;

    /// <summary>Copies the phis' incoming values (all read before any is written) and jumps.</summary>
    private void Edge(string to)
    {
        var copies = Copies(to);
        var temps = copies.Select(c => Use(c.Value.Value, c.Value.Type)).ToList();
        if (copies.Count > 1)
        {
            for (int i = 0; i < temps.Count; i++)
            {
                int t = NewReg();
                Mov(t, temps[i]);
                temps[i] = t;
            }
        }
        for (int i = 0; i < copies.Count; i++)
        {
            Mov(copies[i].Reg, temps[i]);
        }
        Jump(Make(Opcode.Branch, "b") with { Await = IsAwait(to), Counted = IsCounted(to) }, frame.Blocks[to]);
    }
}
