using Vrm.Syntax;
using Vrm.Syntax.Litmus;

namespace Vrm.Programs.Lowering;

public static partial class LitmusLowering
{
    private static readonly (string Name, RmwOp Op)[] LoadOps =
    [
        ("ADD", RmwOp.Add), ("CLR", RmwOp.Clr), ("SET", RmwOp.Set), ("EOR", RmwOp.Eor),
        ("SMAX", RmwOp.SMax), ("SMIN", RmwOp.SMin), ("UMAX", RmwOp.UMax), ("UMIN", RmwOp.UMin),
    ];

    /// <summary>Splits a size suffix B/H off a mnemonic stem.</summary>
    private static (string Stem, int Size) SizeSuffix(string m, string[] stems)
    {
        foreach (var stem in stems)
        {
            if (m == stem)
            {
                return (stem, 0);
            }
            if (m == stem + "B")
            {
                return (stem, 1);
            }
            if (m == stem + "H")
            {
                return (stem, 2);
            }
        }
        return ("", -1);
    }

    private static readonly string[] LoadStems = ["LDR", "LDUR", "LDAR", "LDAPR", "LDAPUR", "LDXR", "LDAXR"];
    private static readonly string[] StoreStems = ["STR", "STUR", "STLR", "STLUR", "STXR", "STLXR"];

    private sealed partial class InstructionLowering
    {
        public Instr? LowerMemory()
        {
            var (stem, size) = SizeSuffix(M, LoadStems);
            if (size >= 0)
            {
                return Load(stem, size);
            }
            (stem, size) = SizeSuffix(M, StoreStems);
            if (size >= 0)
            {
                return Store(stem, size);
            }
            return Atomic();
        }

        private Address AddressOf(int i)
        {
            if (i >= ops.Count || ops[i] is not MemOperand m)
            {
                throw Bad(i < ops.Count ? ops[i].Pos : ins.Pos, $"operand {i + 1} of '{M}' must be an address such as [X1]");
            }
            if (m.Base != "SP" && (m.Base[0] != 'X' || !int.TryParse(m.Base.AsSpan(1), out _)))
            {
                throw Bad(m.Pos, $"the base register of an address must be an X register or SP, not '{m.Base}'");
            }
            int baseReg = m.Base == "SP" ? Reg.Sp : int.Parse(m.Base.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            long post = 0;
            if (i + 1 < ops.Count)
            {
                if (i + 2 != ops.Count || ops[i + 1] is not ImmOperand postImm || m.Offset is not null)
                {
                    throw Bad(ops[i + 1].Pos, $"unexpected operand after the address of '{M}'");
                }
                post = postImm.Value;
            }
            Operand2 offset = Operand2.Immediate(0);
            switch (m.Offset)
            {
                case ImmOperand imm:
                    offset = Operand2.Immediate(imm.Value);
                    break;
                case RegOperand r:
                    int reg = r.Name is "XZR" or "WZR" ? Reg.Zero : int.Parse(r.Name.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                    if (m.Modifier is { Kind: not ("LSL" or "SXTW" or "UXTW" or "SXTX" or "UXTX") } bad)
                    {
                        throw Error(test, bad.Pos, $"'{bad.Kind}' cannot modify an address offset in '{M}' (use LSL, SXTW, UXTW, SXTX or UXTX)");
                    }
                    var shift = m.Modifier is null ? ShiftKind.None : ShiftOf(m.Modifier);
                    offset = Operand2.Register(reg, shift, (int)(m.Modifier?.Amount ?? 0));
                    break;
            }
            if (m.PreIndex)
            {
                return new Address(baseReg, offset, AddressWriteback.Pre, offset.Imm);
            }
            return i + 1 < ops.Count ? new Address(baseReg, offset, AddressWriteback.Post, post) : new Address(baseReg, offset);
        }

        private static int WidthSize(bool wide) => wide ? 8 : 4;

        private Instr Load(string stem, int size)
        {
            Arity(2, 3);
            var (rd, wide) = Register(0);
            var flags = stem switch
            {
                "LDAR" => AccessFlags.Acquire,
                "LDAPR" or "LDAPUR" => AccessFlags.AcquirePC,
                "LDXR" => AccessFlags.Exclusive,
                "LDAXR" => AccessFlags.Exclusive | AccessFlags.Acquire,
                _ => AccessFlags.None,
            };
            return New(Opcode.Load) with { Rd = rd, Wide = wide, Size = size == 0 ? WidthSize(wide) : size, Flags = flags, Addr = AddressOf(1) };
        }

        private Instr Store(string stem, int size)
        {
            bool exclusive = stem is "STXR" or "STLXR";
            if (exclusive)
            {
                Arity(3);
            }
            else
            {
                Arity(2, 3);
            }
            int status = Reg.None;
            int k = 0;
            if (exclusive)
            {
                status = Register(0).Reg;
                k = 1;
            }
            var (rt, wide) = Register(k);
            var flags = (stem is "STLR" or "STLUR" or "STLXR" ? AccessFlags.Release : AccessFlags.None) | (exclusive ? AccessFlags.Exclusive : AccessFlags.None);
            return New(Opcode.Store) with { Rd = status, Rn = rt, Wide = wide, Size = size == 0 ? WidthSize(wide) : size, Flags = flags, Addr = AddressOf(k + 1) };
        }

        /// <summary>SWP, CAS, LD&lt;op&gt; and ST&lt;op&gt; with their A/L/AL orderings and B/H sizes.</summary>
        private Instr? Atomic()
        {
            string m = M;
            int size = 0;
            RmwOp? op = null;
            bool isCas = false, isStore = false;
            string rest;
            if (m.StartsWith("SWP", StringComparison.Ordinal))
            {
                op = RmwOp.Swp;
                rest = m[3..];
            }
            else if (m.StartsWith("CAS", StringComparison.Ordinal) && !m.StartsWith("CASP", StringComparison.Ordinal))
            {
                isCas = true;
                rest = m[3..];
            }
            else
            {
                rest = "";
                foreach (var (name, o) in LoadOps)
                {
                    if (m.StartsWith("LD" + name, StringComparison.Ordinal))
                    {
                        op = o;
                        rest = m[(2 + name.Length)..];
                    }
                    else if (m.StartsWith("ST" + name, StringComparison.Ordinal))
                    {
                        op = o;
                        isStore = true;
                        rest = m[(2 + name.Length)..];
                    }
                }
                if (op is null)
                {
                    return null;
                }
            }
            if (rest.EndsWith('B'))
            {
                size = 1;
                rest = rest[..^1];
            }
            else if (rest.EndsWith('H'))
            {
                size = 2;
                rest = rest[..^1];
            }
            var flags = rest switch
            {
                "" => AccessFlags.None,
                "A" when !isStore => AccessFlags.Acquire,
                "L" => AccessFlags.Release,
                "AL" when !isStore => AccessFlags.Acquire | AccessFlags.Release,
                _ => (AccessFlags)(-1),
            };
            if ((int)flags < 0)
            {
                return null;
            }
            if (isStore)
            {
                Arity(2);
                var (rs, w) = Register(0);
                return New(Opcode.Rmw) with { Rmw = op!.Value, Rn = rs, Rd = Reg.Zero, Wide = w, Size = size == 0 ? WidthSize(w) : size, Flags = flags, Addr = AddressOf(1) };
            }
            Arity(3);
            var (r0, wide) = Register(0);
            var (r1, _) = Register(1);
            int sz = size == 0 ? WidthSize(wide) : size;
            return isCas
                ? New(Opcode.Cas) with { Rd = r0, Rn = r0, Rm = r1, Wide = wide, Size = sz, Flags = flags, Addr = AddressOf(2) }
                : New(Opcode.Rmw) with { Rmw = op!.Value, Rn = r0, Rd = r1, Wide = wide, Size = sz, Flags = flags, Addr = AddressOf(2) };
        }
    }
}
