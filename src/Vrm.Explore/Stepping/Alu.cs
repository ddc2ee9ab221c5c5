using System.Buffers.Binary;
using System.Numerics;
using Vrm.Programs;

namespace Vrm.Explore.Stepping;

/// <summary>Integer semantics of the IR's arithmetic, 32- or 64-bit, and of the NZCV flags.</summary>
internal static class Alu
{
    public const long FlagN = 8, FlagZ = 4, FlagC = 2, FlagV = 1;

    public static long Operand(Operand2 op, long regValue, bool wide = true)
    {
        if (op.IsImmediate)
        {
            return op.Imm;
        }
        return op.Shift switch
        {
            ShiftKind.None => regValue,
            ShiftKind.Lsl => regValue << op.Amount,
            ShiftKind.Lsr => (long)((ulong)regValue >> op.Amount),
            ShiftKind.Asr => regValue >> op.Amount,
            ShiftKind.Ror => wide ? (long)ulong.RotateRight((ulong)regValue, op.Amount) : uint.RotateRight((uint)regValue, op.Amount),
            ShiftKind.Sxtw => (long)(int)regValue << op.Amount,
            ShiftKind.Uxtw => (long)(uint)regValue << op.Amount,
            _ => regValue << op.Amount,
        };
    }

    public static long Compute(AluOp op, long a, long b, long c, bool wide) => op switch
    {
        AluOp.Add => a + b,
        AluOp.Sub => a - b,
        AluOp.Eor => a ^ b,
        AluOp.And => a & b,
        AluOp.Orr => a | b,
        AluOp.Bic => a & ~b,
        AluOp.Lsl => a << (int)(b & (wide ? 63 : 31)),
        AluOp.Lsr => wide ? (long)((ulong)a >> (int)(b & 63)) : (long)((uint)a >> (int)(b & 31)),
        AluOp.Asr => wide ? a >> (int)(b & 63) : (int)a >> (int)(b & 31),
        AluOp.Mul => a * b,
        AluOp.UDiv => b == 0 ? 0 : wide ? (long)((ulong)a / (ulong)b) : (long)((uint)a / (uint)b),
        AluOp.SDiv => b == 0 ? 0 : wide ? (b == -1 ? -a : a / b) : (int)a / (int)b,
        AluOp.MSub => c - (a * b),
        AluOp.Sxtw => (int)a,
        AluOp.Uxtw => (uint)a,
        AluOp.Clz => wide ? BitOperations.LeadingZeroCount((ulong)a) : BitOperations.LeadingZeroCount((uint)a),
        AluOp.Rev => wide ? (long)BinaryPrimitives.ReverseEndianness((ulong)a) : BinaryPrimitives.ReverseEndianness((uint)a),
        AluOp.Cnt => wide ? BitOperations.PopCount((ulong)a) : BitOperations.PopCount((uint)a),
        AluOp.UMulH => (long)Math.BigMul((ulong)a, (ulong)b, out _),
        AluOp.SMulH => Math.BigMul(a, b, out _),
        _ => throw new InvalidOperationException(op.ToString()),
    };

    public static long Flags(AluOp op, long a, long b, bool wide)
    {
        int bits = wide ? 64 : 32;
        ulong mask = wide ? ulong.MaxValue : 0xFFFF_FFFFUL;
        ulong ua = (ulong)a & mask, ub = (ulong)b & mask;
        ulong result;
        bool carry = false, overflow = false;
        switch (op)
        {
            case AluOp.Sub:
                result = (ua - ub) & mask;
                carry = ua >= ub;
                overflow = (((ua ^ ub) & (ua ^ result)) >> (bits - 1) & 1) != 0;
                break;
            case AluOp.Add:
                result = (ua + ub) & mask;
                carry = result < ua;
                overflow = ((~(ua ^ ub) & (ua ^ result)) >> (bits - 1) & 1) != 0;
                break;
            default:
                result = ua & ub;
                break;
        }
        long flags = 0;
        if ((result >> (bits - 1) & 1) != 0)
        {
            flags |= FlagN;
        }
        if (result == 0)
        {
            flags |= FlagZ;
        }
        if (carry)
        {
            flags |= FlagC;
        }
        if (overflow)
        {
            flags |= FlagV;
        }
        return flags;
    }

    public static bool Holds(CondCode cond, long flags)
    {
        bool n = (flags & FlagN) != 0, z = (flags & FlagZ) != 0, c = (flags & FlagC) != 0, v = (flags & FlagV) != 0;
        return cond switch
        {
            CondCode.Eq => z,
            CondCode.Ne => !z,
            CondCode.Cs => c,
            CondCode.Cc => !c,
            CondCode.Mi => n,
            CondCode.Pl => !n,
            CondCode.Vs => v,
            CondCode.Vc => !v,
            CondCode.Hi => c && !z,
            CondCode.Ls => !(c && !z),
            CondCode.Ge => n == v,
            CondCode.Lt => n != v,
            CondCode.Gt => !z && n == v,
            CondCode.Le => !(!z && n == v),
            _ => true,
        };
    }

    /// <summary>The value an atomic writes; the signed max/min compare the operands as <paramref name="size"/>-byte signed numbers.</summary>
    public static long Rmw(RmwOp op, long old, long operand, int size) => op is RmwOp.SMax or RmwOp.SMin
        ? Truncate(Rmw(op, SignExtend(old, size), SignExtend(operand, size)), size)
        : Rmw(op, old, operand);

    public static long SignExtend(long v, int size) => size switch
    {
        1 => (sbyte)v,
        2 => (short)v,
        4 => (int)v,
        _ => v,
    };

    private static long Rmw(RmwOp op, long old, long operand) => op switch
    {
        RmwOp.Swp => operand,
        RmwOp.Add => old + operand,
        RmwOp.Clr => old & ~operand,
        RmwOp.Set => old | operand,
        RmwOp.Eor => old ^ operand,
        RmwOp.SMax => Math.Max(old, operand),
        RmwOp.SMin => Math.Min(old, operand),
        RmwOp.UMax => (long)Math.Max((ulong)old, (ulong)operand),
        RmwOp.UMin => (long)Math.Min((ulong)old, (ulong)operand),
        _ => throw new InvalidOperationException(op.ToString()),
    };

    public static long Truncate(long value, int size) => size >= 8 ? value : value & ((1L << (size * 8)) - 1);
}
