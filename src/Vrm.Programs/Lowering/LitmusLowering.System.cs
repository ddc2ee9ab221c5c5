using System.Text.RegularExpressions;
using Vrm.Syntax.Litmus;

namespace Vrm.Programs.Lowering;

/// <summary>The system instructions of page-table tests: TLBI, ERET, MSR/MRS and ADR.</summary>
public static partial class LitmusLowering
{
    private static readonly Regex TlbiName = new("^(ALL|VMALLS12|VMALL|ASID|VAA|VA|IPAS2)(L?)E([123])(IS|OS)?$", RegexOptions.CultureInvariant);

    /// <summary>Parses a TLBI operation name such as <c>VAAE1IS</c>, <c>VALE1</c> or <c>VMALLE1IS</c>; null when it is none.</summary>
    public static TlbiOp? ParseTlbi(string name)
    {
        var m = TlbiName.Match(name.ToUpperInvariant());
        if (!m.Success)
        {
            return null;
        }
        var target = m.Groups[1].Value switch
        {
            "ALL" => TlbiTarget.All,
            "VMALL" => TlbiTarget.VmAll,
            "VMALLS12" => TlbiTarget.VmAllS12,
            "ASID" => TlbiTarget.Asid,
            "VAA" => TlbiTarget.VaAllAsids,
            "VA" => TlbiTarget.Va,
            _ => TlbiTarget.Ipa,
        };
        bool last = m.Groups[2].Value == "L";
        // Only the by-address forms have a last-level variant.
        if (last && target is not (TlbiTarget.Va or TlbiTarget.VaAllAsids or TlbiTarget.Ipa))
        {
            return null;
        }
        var domain = m.Groups[4].Value switch { "IS" => ShareDomain.InnerShareable, "OS" => ShareDomain.OuterShareable, _ => ShareDomain.NonShareable };
        return new TlbiOp(target, m.Groups[3].Value[0] - '0', last, domain);
    }

    private sealed partial class InstructionLowering
    {
        private Instr Tlbi()
        {
            Arity(1, 2);
            if (ops[0] is not NameOperand n || ParseTlbi(n.Name) is not { } op)
            {
                throw Bad(ops[0].Pos, $"unknown TLBI operation '{Show(ops[0])}' (such as VAAE1IS, VAE1, VALE1IS, VMALLE1IS, ASIDE1, ALLE1)");
            }
            if (op.TakesAddress != (ops.Count == 2))
            {
                throw Bad(ins.Pos, op.TakesAddress
                    ? $"'TLBI {n.Name.ToUpperInvariant()}' takes a register holding the page, such as TLBI {n.Name.ToUpperInvariant()},X1"
                    : $"'TLBI {n.Name.ToUpperInvariant()}' takes no register");
            }
            return New(Opcode.Tlbi) with { Tlbi = op, Rn = op.TakesAddress ? Register(1).Reg : Reg.None };
        }

        private Instr SystemRegisterMove()
        {
            Arity(2);
            bool write = M == "MSR";
            int nameAt = write ? 0 : 1;
            var name = ops[nameAt] is NameOperand n ? n.Name.ToUpperInvariant() : "";
            SystemRegister? sysreg = name switch
            {
                "ELR_EL1" => SystemRegister.ElrEl1,
                "ESR_EL1" => SystemRegister.EsrEl1,
                "FAR_EL1" => SystemRegister.FarEl1,
                "SPSR_EL1" => SystemRegister.SpsrEl1,
                "VBAR_EL1" => SystemRegister.VbarEl1,
                "TTBR0_EL1" => SystemRegister.Ttbr0El1,
                "TTBR1_EL1" => SystemRegister.Ttbr1El1,
                "VTTBR_EL2" => SystemRegister.VttbrEl2,
                _ => null,
            };
            if (sysreg is null)
            {
                throw Unsupported($"unsupported system register '{Show(ops[nameAt])}' in '{M}' (vrm knows ELR_EL1, ESR_EL1, FAR_EL1, SPSR_EL1, VBAR_EL1, TTBR0_EL1, TTBR1_EL1, VTTBR_EL2)");
            }
            var (reg, _) = Register(write ? 1 : 0);
            return write
                ? New(Opcode.Msr) with { SystemRegister = sysreg.Value, Rn = reg }
                : New(Opcode.Mrs) with { SystemRegister = sysreg.Value, Rd = reg };
        }

        /// <summary><c>ADR Xd,label</c>: the label's address as a code label value, in the thread a fault handler serves.</summary>
        private Instr Adr()
        {
            Arity(2);
            var (rd, _) = Register(0);
            if (ops[1] is not NameOperand n)
            {
                throw Bad(ops[1].Pos, $"operand 2 of '{M}' must be a label");
            }
            if (!OwnerLabels.TryGetValue(n.Name, out int target))
            {
                throw Bad(n.Pos, $"unknown label '{n.Name}' in P{Owner}");
            }
            return New(Opcode.Adr) with { Rd = rd, Target = target, Imm = Owner };
        }
    }
}
