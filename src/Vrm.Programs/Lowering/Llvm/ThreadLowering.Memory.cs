using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

internal sealed partial class ThreadLowering
{
    private int AccessSize(LType type, LInstr at)
    {
        var t = module.Layout.Resolve(type);
        if (t is not (IntType or PtrType))
        {
            throw module.Error(at, $"access of type {LlvmLayout.Describe(type)}: vrm models integer and pointer accesses only", unsupported: true);
        }
        if (t is IntType { Bits: > 8 } i && StoreBytes(i) != module.Layout.SizeOf(i))
        {
            // clang keeps bit-fields of odd sizes in i24/i40/i48/i56 storage: the cells they cover are known only
            // when the pointer is (see ThreadLowering.Pieces).
            throw module.Error(at, $"an i{i.Bits} access (a bit-field's {StoreBytes(i)}-byte storage) through a pointer vrm cannot follow to its variable", unsupported: true);
        }
        return (int)module.Layout.SizeOf(t);
    }

    /// <summary>The bytes an access of the type reads or writes: an i40 stores 5, not the 8 it is aligned and allocated as.</summary>
    private static int StoreBytes(LType type) => type is IntType i ? Math.Max(1, (i.Bits + 7) / 8) : 8;

    private static Address At(int reg) => new(reg, Operand2.Immediate(0));

    /// <summary>C11 orders on AArch64: acquire and seq_cst loads are LDAR, release and seq_cst stores STLR.</summary>
    private static AccessFlags Order(string? ordering, bool load, bool store) => ordering switch
    {
        "acquire" when load => AccessFlags.Acquire,
        "release" when store => AccessFlags.Release,
        "acq_rel" or "seq_cst" => (load ? AccessFlags.Acquire : 0) | (store ? AccessFlags.Release : 0),
        _ => AccessFlags.None,
    };

    private static string Describe(string what, string? ordering, bool isVolatile) =>
        what + (ordering is null ? isVolatile ? " volatile" : "" : " " + ordering);

    private void Load(LoadInstr l)
    {
        if (Slot(l.Ptr) is int slot)
        {
            Mov(Value(l.Result!), slot);
            return;
        }
        if (AggregateCells(l.Type) is { } parts)
        {
            LoadAggregate(l, parts);
            return;
        }
        if (l.Ordering is null && !l.Volatile && Spanned(l.Ptr.Value, StoreBytes(l.Type), load: true) is { } cells)
        {
            LoadPiece(Use(l.Ptr.Value, l.Ptr.Type), 0, StoreBytes(l.Type), cells, Value(l.Result!), "load");
            return;
        }
        PlainOrAtomic(Opcode.Load, l.Type, l.Ptr, l.Ordering, l.Volatile, l, rd: Value(l.Result!), rn: Reg.None);
    }

    private void Store(StoreInstr s)
    {
        if (Slot(s.Ptr) is int slot)
        {
            Mov(slot, Use(s.Value.Value, s.Value.Type));
            return;
        }
        if (AggregateCells(s.Value.Type) is { } parts)
        {
            StoreAggregate(s, parts);
            return;
        }
        if (s.Ordering is null && !s.Volatile && Spanned(s.Ptr.Value, StoreBytes(s.Value.Type), load: false) is { } cells)
        {
            int value = Use(s.Value.Value, s.Value.Type);
            StorePiece(Use(s.Ptr.Value, s.Ptr.Type), 0, StoreBytes(s.Value.Type), cells, value, "store");
            return;
        }
        PlainOrAtomic(Opcode.Store, s.Value.Type, s.Ptr, s.Ordering, s.Volatile, s, rd: Reg.None, rn: Use(s.Value.Value, s.Value.Type));
    }

    /// <summary>The register a promoted local is (<see cref="LocalSlots"/>), when the pointer is one.</summary>
    private int? Slot(TypedValue ptr) =>
        ptr.Value is LocalRef r && frame.Slots.TryGetValue(r.Name, out int reg) ? reg : null;

    /// <summary>A load or store: plain C accesses are non-atomic, volatile ones relaxed atomics (READ_ONCE/WRITE_ONCE).</summary>
    private void PlainOrAtomic(Opcode op, LType type, TypedValue ptr, string? ordering, bool isVolatile, LInstr at, int rd, int rn)
    {
        int size = AccessSize(type, at);
        int addr = Use(ptr.Value, ptr.Type);
        bool load = op == Opcode.Load;
        Emit(Make(op, Describe(load ? "load" : "store", ordering, isVolatile)) with
        {
            Rd = rd,
            Rn = rn,
            Addr = At(addr),
            Size = size,
            Wide = size == 8,
            Flags = Order(ordering, load, store: !load),
            NonAtomic = ordering is null && !isVolatile,
        });
    }

    /// <summary>
    /// cmpxchg is CAS (with A/L from the success order, as compilers emit it); its failure order is kept for
    /// happens-before, since a failed exchange is only a load of that order. The success flag compares the old
    /// value with the expected one.
    /// </summary>
    private void CmpXchg(CmpXchgInstr x)
    {
        int size = AccessSize(x.Expected.Type, x);
        int expected = Use(x.Expected.Value, x.Expected.Type), desired = Use(x.New.Value, x.New.Type);
        int addr = Use(x.Ptr.Value, x.Ptr.Type);
        int old = Value(x.Result!);
        Emit(Make(Opcode.Cas, "cmpxchg " + x.SuccessOrdering) with
        {
            Rd = old,
            Rn = expected,
            Rm = desired,
            Addr = At(addr),
            Size = size,
            Wide = size == 8,
            Flags = Order(x.SuccessOrdering, load: true, store: true),
            FailureFlags = Order(x.FailureOrdering, load: true, store: false),
        });
        Compare(Value(x.Result + "#1"), old, expected, CondCode.Eq);
    }

    /// <summary>atomicrmw is an LSE atomic: SWP, LDADD, LDCLR (and with the complement), LDSET, LDEOR, LD[U]MAX/MIN.</summary>
    private void AtomicRmw(AtomicRmwInstr r)
    {
        int size = AccessSize(r.Value.Type, r);
        int bits = size * 8;
        int operand = Use(r.Value.Value, r.Value.Type);
        RmwOp op;
        switch (r.Op)
        {
            case "xchg":
                op = RmwOp.Swp;
                break;
            case "add":
                op = RmwOp.Add;
                break;
            case "sub":
                {
                    op = RmwOp.Add;
                    int neg = NewReg();
                    Alu(AluOp.Sub, neg, Reg.Zero, Operand2.Register(operand));
                    Mask(neg, bits);
                    operand = neg;
                    break;
                }
            case "and":
                {
                    op = RmwOp.Clr;
                    int not = NewReg();
                    Alu(AluOp.Eor, not, operand, Operand2.Immediate(-1));
                    Mask(not, bits);
                    operand = not;
                    break;
                }
            case "or":
                op = RmwOp.Set;
                break;
            case "xor":
                op = RmwOp.Eor;
                break;
            case "max":
                op = RmwOp.SMax;
                break;
            case "min":
                op = RmwOp.SMin;
                break;
            case "umax":
                op = RmwOp.UMax;
                break;
            case "umin":
                op = RmwOp.UMin;
                break;
            default:
                throw module.Error(r, $"atomicrmw {r.Op} has no AArch64 LSE instruction; vrm does not support it", unsupported: true);
        }
        int addr = Use(r.Ptr.Value, r.Ptr.Type);
        Emit(Make(Opcode.Rmw, $"atomicrmw {r.Op} {r.Ordering}") with
        {
            Rd = Value(r.Result!),
            Rn = operand,
            Rmw = op,
            Addr = At(addr),
            Size = size,
            Wide = size == 8,
            Flags = Order(r.Ordering, load: true, store: true),
        });
    }

    private void Call(CallInstr call)
    {
        int result = call.Result is { } name ? Value(name) : Reg.None;
        switch (call.Callee)
        {
            case InlineAsm asm:
                Asm(asm, call);
                return;
            case GlobalRef g:
                Known(g.Name, call, result);
                return;
            case ConstExpr { Expr: CastInstr { Value.Value: GlobalRef g } }:
                Known(g.Name, call, result);
                return;
            default:
                Indirect(call, result);
                return;
        }
    }

    private void Known(string name, CallInstr call, int result)
    {
        if (name.StartsWith("llvm.dbg.", StringComparison.Ordinal) || name.StartsWith("llvm.lifetime.", StringComparison.Ordinal)
            || name is "llvm.assume" or "llvm.experimental.noalias.scope.decl" or "pthread_attr_init" or "pthread_attr_destroy" or "sched_yield")
        {
            SetResult(result);
            return;
        }
        if (MinMax(name, call, result) || MemIntrinsic(name, call) || BitIntrinsic(name, call, result) || OverflowIntrinsic(name, call, result))
        {
            return;
        }
        switch (name)
        {
            case "__assert_fail":
                {
                    string text = call.Args.Count > 0 ? module.StringAt(call.Args[0].Value) ?? "assert" : "assert";
                    Emit(Make(Opcode.Assert, text) with { Rn = Reg.Zero });
                    return;
                }
            case "__VERIFIER_error" or "reach_error" or "abort":
                Emit(Make(Opcode.Assert, name + "()") with { Rn = Reg.Zero });
                return;
            case "__VERIFIER_assume" or "vrm_assume":
                Emit(Make(Opcode.Assume, "assume") with { Rn = Use(call.Args[0].Value, call.Args[0].Type) });
                return;
            case "vrm_pte_of" or "vrm_pa_of":
                PageAddress(name, call, result);
                return;
        }
        if (Library(name, call, result))
        {
            return;
        }
        var callee = module.FunctionNamed(name)
            ?? throw module.Error(call, $"call to unknown function '{name}'", unsupported: true);
        if (callee.IsDeclaration)
        {
            // Before the arguments, which may be constants vrm cannot place (printf's format string).
            throw NoBody(callee, call);
        }
        var args = call.Args.SelectMany(UseParts).ToArray();
        var exit = new Label();
        var saved = current;
        int op = module.OperationIndex(callee.Name);
        if (op >= 0)
        {
            // The operation's invocation and response, for the refinement check: its arguments, then its result.
            Emit(Make(Opcode.Annotate, callee.Name) with { Annotation = AnnotationKind.OpBegin, Imm = op, Rn = args.Length > 0 ? args[0] : Reg.Zero, Rm = args.Length > 1 ? args[1] : Reg.Zero });
            if (result == Reg.None)
            {
                result = NewReg();
            }
        }
        Inline(callee, args, exit, result, call);
        current = saved;
        Place(exit);
        if (op >= 0)
        {
            Emit(Make(Opcode.Annotate, callee.Name) with { Annotation = AnnotationKind.OpEnd, Imm = op, Rn = callee.ReturnType is VoidType ? Reg.Zero : result });
        }
    }

    /// <summary>llvm.smax/smin/umax/umin and llvm.abs, which optimised IR makes of compare-and-select idioms: CMP then CSEL.</summary>
    private bool MinMax(string name, CallInstr call, int result)
    {
        var parts = name.Split('.');
        if (parts.Length < 2 || parts[0] != "llvm" || parts[1] is not ("smax" or "smin" or "umax" or "umin" or "abs") || result == Reg.None)
        {
            return false;
        }
        var type = call.Args[0].Type;
        int bits = Bits(type);
        int a = Use(call.Args[0].Value, type);
        int b;
        if (parts[1] == "abs")
        {
            // abs(a) = a < 0 ? 0 - a : a, on the sign-extended value.
            int sa = NewReg();
            SignExtend(sa, a, bits);
            a = NewReg();
            Alu(AluOp.Sub, a, Reg.Zero, Operand2.Register(sa));
            b = sa;
            Alu(AluOp.Sub, Reg.Zero, sa, Operand2.Immediate(0), flags: true);
            Emit(Make(Opcode.Csel, "abs") with { Rd = result, Rn = a, Rm = b, Cond = CondCode.Lt });
            Mask(result, bits);
            return true;
        }
        b = Use(call.Args[1].Value, type);
        if (parts[1][0] == 's' && bits < 64)
        {
            int sa = NewReg(), sb = NewReg();
            SignExtend(sa, a, bits);
            SignExtend(sb, b, bits);
            (a, b) = (sa, sb);
        }
        var cond = parts[1] switch
        {
            "smax" => CondCode.Gt,
            "smin" => CondCode.Lt,
            "umax" => CondCode.Hi,
            _ => CondCode.Cc,
        };
        Alu(AluOp.Sub, Reg.Zero, a, Operand2.Register(b), flags: true);
        Emit(Make(Opcode.Csel, parts[1]) with { Rd = result, Rn = a, Rm = b, Cond = cond });
        Mask(result, bits);
        return true;
    }

    private void SetResult(int result)
    {
        if (result != Reg.None)
        {
            Mov(result, Reg.Zero);
        }
    }

    /// <summary>pthread_create(&amp;t, attr, f, arg): start f's template with X0 = arg and store the new thread's id in t.</summary>
    private void Spawn(CallInstr call, int result)
    {
        var fn = call.Args[2].Value;
        while (fn is ConstExpr { Expr: CastInstr c })
        {
            fn = c.Value.Value;
        }
        int arg = Use(call.Args[3].Value, call.Args[3].Type);
        int handle = Use(call.Args[0].Value, call.Args[0].Type);
        if (fn is GlobalRef g && module.FunctionNamed(g.Name) is { IsDeclaration: false } target)
        {
            SpawnOf(target, arg, handle);
        }
        else if (fn is GlobalRef)
        {
            throw module.Error(call, "pthread_create needs the name of a function defined in this file", unsupported: true);
        }
        else
        {
            SpawnThroughPointer(call, arg, handle);
        }
        SetResult(result);
    }

    private void SpawnOf(Function target, int arg, int handle)
    {
        int template = module.TemplateFor(target);
        int id = NewReg();
        Emit(Make(Opcode.Spawn, $"pthread_create {target.Name}") with { Rd = id, Rn = arg, Imm = template });
        Emit(Make(Opcode.Store, "pthread_create") with { Rn = id, Addr = At(handle), Size = 8 });
    }

    /// <summary>A start function given as a pointer: one spawn per function of the file that can be a thread's start and whose address is taken.</summary>
    private void SpawnThroughPointer(CallInstr call, int arg, int handle)
    {
        var candidates = module.AddressTaken().Where(f => !f.IsDeclaration && f.Params.Count == 1
            && module.Layout.Resolve(f.Params[0].Type) is PtrType && module.Layout.Resolve(f.ReturnType) is PtrType).ToList();
        if (candidates.Count == 0)
        {
            throw module.Error(call, "pthread_create through a function pointer, and no function of this file whose address is taken can start a thread", unsupported: true);
        }
        int target = Use(call.Args[2].Value, call.Args[2].Type);
        var done = new Label();
        foreach (var f in candidates)
        {
            int address = Use(new GlobalRef(f.Name));
            Alu(AluOp.Sub, Reg.Zero, target, Operand2.Register(address), flags: true);
            var next = new Label();
            Jump(Make(Opcode.BranchCond, $"pthread_create {f.Name}?") with { Cond = CondCode.Ne }, next);
            SpawnOf(f, arg, handle);
            Jump(Make(Opcode.Branch, "b"), done);
            Place(next);
        }
        Check(Reg.Zero, "pthread_create with a function pointer that holds no function of this file", CheckKind.InvalidAccess);
        Place(done);
    }

    private void Asm(InlineAsm asm, CallInstr call)
    {
        string text = string.Join(' ', asm.Asm.Trim().ToLowerInvariant().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            return;
        }
        FenceKind? kind = text switch
        {
            "dmb ish" or "dmb sy" or "dmb osh" => FenceKind.DmbFull,
            "dmb ishld" or "dmb ld" or "dmb oshld" => FenceKind.DmbLd,
            "dmb ishst" or "dmb st" or "dmb oshst" => FenceKind.DmbSt,
            "dsb ish" or "dsb sy" or "dsb osh" or "dsb nsh" => FenceKind.DsbFull,
            "dsb ishld" or "dsb ld" => FenceKind.DsbLd,
            "dsb ishst" or "dsb st" => FenceKind.DsbSt,
            "isb" or "isb sy" => FenceKind.Isb,
            _ => null,
        };
        if (kind is { } k)
        {
            Emit(Make(Opcode.Fence, text) with { Fence = k });
            return;
        }
        if (text.StartsWith("tlbi ", StringComparison.Ordinal))
        {
            // Without vrm_page variables or VRM_ROOT tables nothing is translated, so a TLBI has no cached
            // translation to remove; with roots the wDRF checks need to see it (Transactional-Page-Table).
            Emit(module.HasPages || module.Roots.Count > 0 ? Tlbi(text, call) : Make(Opcode.Nop, text));
            return;
        }
        throw module.Error(call, $"unsupported inline assembly \"{asm.Asm}\" (vrm knows dmb, dsb, isb and tlbi)", unsupported: true);
    }
}
