using Vrm.Syntax;
using Vrm.Syntax.Litmus;
using SynOperand = Vrm.Syntax.Litmus.Operand;

namespace Vrm.Programs.Lowering;

public static partial class LitmusLowering
{
    /// <summary>
    /// A thread's code and labels. A fault handler (<paramref name="owner"/> is the thread it serves) branches
    /// to its own labels, and ADR names labels of the thread it returns to.
    /// </summary>
    private static (Instr[] Code, Dictionary<string, int> Labels) LowerThread(LitmusTest test, ThreadSyntax thread, ThreadSyntax owner, Dictionary<string, int>? ownerLabels = null)
    {
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        int count = 0;
        foreach (var line in thread.Lines)
        {
            if (line.Label is not null)
            {
                if (!labels.TryAdd(line.Label, count))
                {
                    throw Error(test, line.Pos, $"label '{line.Label}' is defined twice in {thread.Name}");
                }
            }
            if (line.Instruction is not null)
            {
                count++;
            }
        }
        var code = new List<Instr>();
        foreach (var line in thread.Lines)
        {
            if (line.Instruction is { } ins)
            {
                code.Add(new InstructionLowering(test, thread, ins, labels) { Owner = owner.Index, OwnerLabels = ownerLabels ?? labels }.Lower());
            }
        }
        return ([.. code], labels);
    }

    /// <summary>One instruction's lowering: decode the mnemonic and its operands, or name what is unsupported.</summary>
    private sealed partial class InstructionLowering(LitmusTest test, ThreadSyntax thread, InstructionSyntax ins, Dictionary<string, int> labels)
    {
        private readonly IReadOnlyList<SynOperand> ops = ins.Operands;

        /// <summary>The thread whose code labels ADR names: the thread itself, or the one a fault handler serves.</summary>
        public int Owner { get; init; }

        public required Dictionary<string, int> OwnerLabels { get; init; }

        private string M => ins.Mnemonic;

        private Instr New(Opcode op) => new(op, ins.Pos, Text());

        private string Text() =>
            ins.Operands.Count == 0 ? M : M + " " + string.Join(",", ins.Operands.Select(Show));

        private static string Show(SynOperand o) => o switch
        {
            RegOperand r => r.Name,
            ImmOperand i => "#" + i.Value,
            NameOperand n => n.Name,
            ModifierOperand m => m.Amount != 0 ? $"{m.Kind} #{m.Amount}" : m.Kind,
            MemOperand m => "[" + m.Base + (m.Offset is null ? "" : "," + Show(m.Offset)) + (m.Modifier is null ? "" : "," + Show(m.Modifier)) + "]" + (m.PreIndex ? "!" : ""),
            _ => "?",
        };

        public Instr Lower()
        {
            switch (M)
            {
                case "NOP":
                    Arity(0);
                    return New(Opcode.Nop);
                case "MOV":
                case "MOVZ":
                    return Mov();
                case "MOVK":
                    return MovK();
                case "ADD" or "SUB" or "EOR" or "AND" or "ORR" or "BIC" or "ADDS" or "SUBS" or "ANDS" or "EON" or "ORN":
                    return AluOp3();
                case "LSL" or "LSR" or "ASR":
                    return Shift();
                case "MUL" or "UDIV" or "SDIV":
                    return Arith3();
                case "MSUB":
                    return MSub();
                case "SXTW" or "UXTW":
                    return Extend();
                case "CMP" or "CMN" or "TST":
                    return Compare();
                case "CSEL" or "CSINC" or "CSINV" or "CSNEG":
                    return CondSelect();
                case "CSET" or "CINC" or "CSETM":
                    return CondSet();
                case "B":
                    return Branch();
                case "CBZ" or "CBNZ":
                    return CompareBranch();
                case "DMB" or "DSB":
                    return Barrier();
                case "ISB":
                    return New(Opcode.Fence) with { Fence = FenceKind.Isb };
                case "CLREX":
                    return New(Opcode.ClearExclusive);
                case "TLBI":
                    return Tlbi();
                case "ERET":
                    Arity(0);
                    return New(Opcode.Eret);
                case "MSR" or "MRS":
                    return SystemRegisterMove();
                case "ADR":
                    return Adr();
            }
            if (M.StartsWith("B.", StringComparison.Ordinal) || (M.Length == 3 && M[0] == 'B' && TryCond(M[1..], out _)))
            {
                return CondBranch();
            }
            return LowerMemory() ?? throw UnsupportedInstruction();
        }

        private DiagnosticException Unsupported(string message) => Error(test, ins.Pos, message, unsupported: true);

        /// <summary>An A64 instruction vrm does not model is unsupported; a word that is no A64 instruction is an error.</summary>
        private DiagnosticException UnsupportedInstruction() =>
            A64Mnemonics.IsKnown(M) ? Unsupported($"unsupported instruction '{M}'")
            : Bad(ins.Pos, $"unknown instruction '{M}': no A64 instruction has this name");

        private DiagnosticException Bad(SourcePos pos, string message) => Error(test, pos, message);

        private void Arity(params int[] counts)
        {
            if (!counts.Contains(ops.Count))
            {
                var allowed = string.Join(" or ", counts.Distinct());
                throw Bad(ins.Pos, $"'{M}' takes {allowed} operand{(counts.Length == 1 && counts[0] == 1 ? "" : "s")} but has {ops.Count}");
            }
        }

        private (int Reg, bool Wide) Register(int i, bool allowZero = true)
        {
            if (i >= ops.Count || ops[i] is not RegOperand r)
            {
                throw Bad(i < ops.Count ? ops[i].Pos : ins.Pos, $"operand {i + 1} of '{M}' must be a register");
            }
            if (r.Name is "SP" or "WSP")
            {
                return (Reg.Sp, r.Name == "SP");
            }
            if (r.Name is "XZR" or "WZR")
            {
                if (!allowZero)
                {
                    throw Bad(r.Pos, $"'{r.Name}' is not allowed here in '{M}'");
                }
                return (Reg.Zero, r.Name == "XZR");
            }
            return (int.Parse(r.Name.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture), r.Name[0] == 'X');
        }

        private long Immediate(int i)
        {
            if (i >= ops.Count || ops[i] is not ImmOperand imm)
            {
                throw Bad(i < ops.Count ? ops[i].Pos : ins.Pos, $"operand {i + 1} of '{M}' must be an immediate such as #1");
            }
            return imm.Value;
        }

        /// <summary>A flexible second operand: <c>#imm</c>, <c>Rm</c>, or <c>Rm, LSL #s</c> / <c>Wm, SXTW</c>.</summary>
        private Operand2 Flexible(int i)
        {
            if (i < ops.Count && ops[i] is ImmOperand imm)
            {
                long v = imm.Value;
                if (i + 1 < ops.Count && ops[i + 1] is ModifierOperand { Kind: "LSL" } sh)
                {
                    v <<= (int)sh.Amount;
                    NoOperandsAfter(i + 1);
                }
                else
                {
                    NoOperandsAfter(i);
                }
                return Operand2.Immediate(v);
            }
            var (reg, _) = Register(i);
            if (i + 1 < ops.Count && ops[i + 1] is ModifierOperand m)
            {
                NoOperandsAfter(i + 1);
                return Operand2.Register(reg, ShiftOf(m), (int)m.Amount);
            }
            NoOperandsAfter(i);
            return Operand2.Register(reg);
        }

        /// <summary>Operands past the last one an instruction takes are an error, not silently dropped.</summary>
        private void NoOperandsAfter(int last)
        {
            if (last + 1 < ops.Count)
            {
                throw Bad(ops[last + 1].Pos, $"unexpected operand '{Show(ops[last + 1])}' in '{M}'");
            }
        }

        private ShiftKind ShiftOf(ModifierOperand m) => m.Kind switch
        {
            "LSL" => ShiftKind.Lsl,
            "LSR" => ShiftKind.Lsr,
            "ASR" => ShiftKind.Asr,
            "ROR" => ShiftKind.Ror,
            "SXTW" => ShiftKind.Sxtw,
            "UXTW" => ShiftKind.Uxtw,
            "SXTX" => ShiftKind.Sxtx,
            "UXTX" => ShiftKind.Uxtx,
            _ => throw Unsupported($"unsupported operand modifier '{m.Kind}' in '{M}'"),
        };

        private Instr Mov()
        {
            Arity(2, 3);
            var (rd, wide) = Register(0);
            if (ops[1] is ImmOperand)
            {
                long v = Immediate(1);
                if (ops.Count == 3 && ops[2] is ModifierOperand { Kind: "LSL" } sh)
                {
                    v <<= (int)sh.Amount;
                }
                else
                {
                    NoOperandsAfter(1);
                }
                return New(Opcode.MovImm) with { Rd = rd, Imm = v, Wide = wide };
            }
            if (M == "MOVZ")
            {
                throw Bad(ops[1].Pos, "'MOVZ' takes an immediate");
            }
            var (rn, _) = Register(1);
            NoOperandsAfter(1);
            return New(Opcode.Alu) with { Alu = AluOp.Orr, Rd = rd, Rn = Reg.Zero, Src2 = Operand2.Register(rn), Wide = wide };
        }

        private Instr MovK()
        {
            Arity(2, 3);
            var (rd, wide) = Register(0);
            int shift = ops.Count == 3 && ops[2] is ModifierOperand { Kind: "LSL" } sh ? (int)sh.Amount : 0;
            return New(Opcode.MovK) with { Rd = rd, Imm = Immediate(1), Src2 = Operand2.Immediate(shift), Wide = wide };
        }

        private Instr AluOp3()
        {
            Arity(3, 4);
            var (rd, wide) = Register(0);
            var (rn, _) = Register(1);
            bool flags = M.EndsWith('S') && M != "ORRS";
            var op = M.TrimEnd('S') switch
            {
                "ADD" => AluOp.Add,
                "SUB" => AluOp.Sub,
                "EOR" => AluOp.Eor,
                "AND" => AluOp.And,
                "ORR" => AluOp.Orr,
                "BIC" => AluOp.Bic,
                _ => throw UnsupportedInstruction(),
            };
            return New(Opcode.Alu) with { Alu = op, Rd = rd, Rn = rn, Src2 = Flexible(2), Wide = wide, SetsFlags = flags };
        }

        private Instr Shift()
        {
            Arity(3);
            var (rd, wide) = Register(0);
            var (rn, _) = Register(1);
            var op = M switch { "LSL" => AluOp.Lsl, "LSR" => AluOp.Lsr, _ => AluOp.Asr };
            return New(Opcode.Alu) with { Alu = op, Rd = rd, Rn = rn, Src2 = Flexible(2), Wide = wide };
        }

        private Instr Arith3()
        {
            Arity(3);
            var (rd, wide) = Register(0);
            var (rn, _) = Register(1);
            var op = M switch { "MUL" => AluOp.Mul, "UDIV" => AluOp.UDiv, _ => AluOp.SDiv };
            return New(Opcode.Alu) with { Alu = op, Rd = rd, Rn = rn, Src2 = Operand2.Register(Register(2).Reg), Wide = wide };
        }

        private Instr MSub()
        {
            Arity(4);
            var (rd, wide) = Register(0);
            return New(Opcode.Alu) with
            {
                Alu = AluOp.MSub,
                Rd = rd,
                Rn = Register(1).Reg,
                Src2 = Operand2.Register(Register(2).Reg),
                Rm = Register(3).Reg,
                Wide = wide,
            };
        }

        private Instr Extend()
        {
            Arity(2);
            var (rd, wide) = Register(0);
            return New(Opcode.Alu) with { Alu = M == "SXTW" ? AluOp.Sxtw : AluOp.Uxtw, Rd = rd, Rn = Register(1).Reg, Src2 = Operand2.Immediate(0), Wide = wide };
        }

        private Instr Compare()
        {
            Arity(2, 3);
            var (rn, wide) = Register(0);
            var op = M switch { "CMP" => AluOp.Sub, "CMN" => AluOp.Add, _ => AluOp.And };
            return New(Opcode.Alu) with { Alu = op, Rd = Reg.Zero, Rn = rn, Src2 = Flexible(1), Wide = wide, SetsFlags = true };
        }

        private bool TryCond(string name, out CondCode cond)
        {
            cond = name.ToUpperInvariant() switch
            {
                "EQ" => CondCode.Eq,
                "NE" => CondCode.Ne,
                "CS" or "HS" => CondCode.Cs,
                "CC" or "LO" => CondCode.Cc,
                "MI" => CondCode.Mi,
                "PL" => CondCode.Pl,
                "VS" => CondCode.Vs,
                "VC" => CondCode.Vc,
                "HI" => CondCode.Hi,
                "LS" => CondCode.Ls,
                "GE" => CondCode.Ge,
                "LT" => CondCode.Lt,
                "GT" => CondCode.Gt,
                "LE" => CondCode.Le,
                "AL" => CondCode.Al,
                _ => (CondCode)(-1),
            };
            return (int)cond >= 0;
        }

        private CondCode Condition(int i)
        {
            if (i < ops.Count && ops[i] is NameOperand n && TryCond(n.Name, out var c))
            {
                return c;
            }
            throw Bad(i < ops.Count ? ops[i].Pos : ins.Pos, $"operand {i + 1} of '{M}' must be a condition such as EQ or NE");
        }

        private static CondCode Invert(CondCode c) => c == CondCode.Al ? c : (CondCode)((int)c ^ 1);

        private Instr CondSelect()
        {
            Arity(4);
            var (rd, wide) = Register(0);
            var kind = M switch { "CSEL" => CselKind.Csel, "CSINC" => CselKind.Csinc, "CSINV" => CselKind.Csinv, _ => CselKind.Csneg };
            return New(Opcode.Csel) with { Csel = kind, Rd = rd, Rn = Register(1).Reg, Rm = Register(2).Reg, Cond = Condition(3), Wide = wide };
        }

        private Instr CondSet()
        {
            var (rd, wide) = Register(0);
            if (M == "CINC")
            {
                Arity(3);
                int rn = Register(1).Reg;
                return New(Opcode.Csel) with { Csel = CselKind.Csinc, Rd = rd, Rn = rn, Rm = rn, Cond = Invert(Condition(2)), Wide = wide };
            }
            Arity(2);
            var kind = M == "CSET" ? CselKind.Csinc : CselKind.Csinv;
            return New(Opcode.Csel) with { Csel = kind, Rd = rd, Rn = Reg.Zero, Rm = Reg.Zero, Cond = Invert(Condition(1)), Wide = wide };
        }

        private int Label(int i)
        {
            if (i < ops.Count && ops[i] is NameOperand n)
            {
                if (labels.TryGetValue(n.Name, out int target))
                {
                    return target;
                }
                throw Bad(n.Pos, $"unknown label '{n.Name}' in {thread.Name}");
            }
            throw Bad(i < ops.Count ? ops[i].Pos : ins.Pos, $"operand {i + 1} of '{M}' must be a label");
        }

        private Instr Branch()
        {
            Arity(1);
            return New(Opcode.Branch) with { Target = Label(0) };
        }

        private Instr CondBranch()
        {
            Arity(1);
            var name = M.StartsWith("B.", StringComparison.Ordinal) ? M[2..] : M[1..];
            if (!TryCond(name, out var cond))
            {
                throw Bad(ins.Pos, $"unknown condition '{name}' in '{M}'");
            }
            return New(Opcode.BranchCond) with { Cond = cond, Target = Label(0) };
        }

        private Instr CompareBranch()
        {
            Arity(2);
            var (rt, wide) = Register(0);
            return New(Opcode.BranchZero) with { Rn = rt, NonZero = M == "CBNZ", Target = Label(1), Wide = wide };
        }

        private Instr Barrier()
        {
            Arity(1);
            var opt = ops[0] is NameOperand n ? n.Name.ToUpperInvariant() : "";
            bool dmb = M == "DMB";
            var domain = opt.StartsWith("ISH", StringComparison.Ordinal) ? ShareDomain.InnerShareable
                : opt.StartsWith("OSH", StringComparison.Ordinal) ? ShareDomain.OuterShareable
                : opt.StartsWith("NSH", StringComparison.Ordinal) ? ShareDomain.NonShareable
                : ShareDomain.FullSystem;
            FenceKind? kind = opt switch
            {
                "SY" or "ISH" or "OSH" or "NSH" => dmb ? FenceKind.DmbFull : FenceKind.DsbFull,
                "LD" or "ISHLD" or "OSHLD" or "NSHLD" => dmb ? FenceKind.DmbLd : FenceKind.DsbLd,
                "ST" or "ISHST" or "OSHST" or "NSHST" => dmb ? FenceKind.DmbSt : FenceKind.DsbSt,
                _ => null,
            };
            return kind is null
                ? throw Bad(ops[0].Pos, $"unknown barrier option '{Show(ops[0])}' for '{M}'")
                : New(Opcode.Fence) with { Fence = kind.Value, Domain = domain };
        }
    }
}
