namespace Vrm.Syntax.Litmus;

/// <summary>
/// The mnemonics of the A64 instruction set (base, atomics, system, and the common floating-point and SIMD
/// ones), to tell an instruction vrm does not model (valid herd input, reported unsupported) from a word that
/// is no instruction at all (a typo such as LDRX: an input error).
/// </summary>
public static class A64Mnemonics
{
    private static readonly HashSet<string> Known = new(Split("""
        ADC ADCS ADD ADDG ADDS ADR ADRP AND ANDS ASR ASRV AT AUTDA AUTDB AUTDZA AUTDZB AUTIA AUTIA1716 AUTIASP
        AUTIAZ AUTIB AUTIB1716 AUTIBSP AUTIBZ AUTIZA AUTIZB AXFLAG B BC BFC BFI BFM BFXIL BIC BICS BL BLR BLRAA
        BLRAAZ BLRAB BLRABZ BR BRAA BRAAZ BRAB BRABZ BRK BTI CBNZ CBZ CCMN CCMP CFINV CFP CINC CINV CLREX CLS CLZ
        CMN CMP CMPP CNEG CNT CPP CRC32B CRC32CB CRC32CH CRC32CW CRC32CX CRC32H CRC32W CRC32X CSDB CSEL CSET CSETM
        CSINC CSINV CSNEG CTZ DC DCPS1 DCPS2 DCPS3 DGH DMB DRPS DSB DVP EON EOR ERET ERETAA ERETAB ESB EXTR GMI
        HINT HLT HVC IC IRG ISB LD64B LDAPR LDAPRB LDAPRH LDAPUR LDAPURB LDAPURH LDAPURSB LDAPURSH LDAPURSW LDAR
        LDARB LDARH LDAXP LDAXR LDAXRB LDAXRH LDG LDGM LDIAPP LDLAR LDLARB LDLARH LDNP LDP LDPSW LDR LDRAA LDRAB
        LDRB LDRH LDRSB LDRSH LDRSW LDTR LDTRB LDTRH LDTRSB LDTRSH LDTRSW LDUR LDURB LDURH LDURSB LDURSH LDURSW
        LDXP LDXR LDXRB LDXRH LSL LSLV LSR LSRV MADD MNEG MOV MOVK MOVN MOVZ MRS MSR MSUB MUL MVN NEG NEGS NGC
        NGCS NOP ORN ORR PACDA PACDB PACDZA PACDZB PACGA PACIA PACIA1716 PACIASP PACIAZ PACIB PACIB1716 PACIBSP
        PACIBZ PACIZA PACIZB PRFM PRFUM PSB PSSBB RBIT RET RETAA RETAB REV REV16 REV32 REV64 RMIF ROR RORV SB SBC
        SBCS SBFIZ SBFM SBFX SDIV SETF8 SETF16 SEV SEVL SMADDL SMC SMNEGL SMSUBL SMULH SMULL SSBB ST2G ST64B
        ST64BV ST64BV0 STG STGM STGP STILP STLLR STLLRB STLLRH STLR STLRB STLRH STLUR STLURB STLURH STLXP STLXR
        STLXRB STLXRH STNP STP STR STRB STRH STTR STTRB STTRH STUR STURB STURH STXP STXR STXRB STXRH STZ2G STZG
        STZGM SUB SUBG SUBP SUBPS SUBS SVC SWP SWPA SWPAL SWPL SWPB SWPAB SWPALB SWPLB SWPH SWPAH SWPALH SWPLH
        SXTB SXTH SXTW SYS SYSL TBNZ TBZ TCANCEL TCOMMIT TLBI TSB TST TSTART TTEST UBFIZ UBFM UBFX UDF UDIV
        UMADDL UMNEGL UMSUBL UMULH UMULL UXTB UXTH UXTW WFE WFET WFI WFIT XAFLAG XPACD XPACI XPACLRI YIELD
        CAS CASA CASAL CASL CASB CASAB CASALB CASLB CASH CASAH CASALH CASLH CASP CASPA CASPAL CASPL
        LDAPP STLP RCWCAS RCWCLR RCWSET RCWSWP
        FMOV FADD FSUB FMUL FDIV FCMP FCMPE FCVT FCVTZS FCVTZU SCVTF UCVTF FABS FNEG FSQRT FMAX FMIN FMADD FMSUB
        FCSEL FCCMP LD1 LD2 LD3 LD4 ST1 ST2 ST3 ST4 LD1R INS DUP UMOV SMOV MOVI ADDV ADDP
        """));

    /// <summary>The LSE atomic families, each with its A/L/AL and B/H forms and its ST store alias.</summary>
    private static readonly string[] AtomicFamilies = ["ADD", "CLR", "EOR", "SET", "SMAX", "SMIN", "UMAX", "UMIN"];

    /// <summary>True when <paramref name="mnemonic"/> (upper case) names an A64 instruction.</summary>
    public static bool IsKnown(string mnemonic)
    {
        if (Known.Contains(mnemonic) || mnemonic.StartsWith("BC.", StringComparison.Ordinal))
        {
            return true;
        }
        foreach (var f in AtomicFamilies)
        {
            foreach (var prefix in new[] { "LD", "ST" })
            {
                if (!mnemonic.StartsWith(prefix + f, StringComparison.Ordinal))
                {
                    continue;
                }
                var suffix = mnemonic[(prefix.Length + f.Length)..];
                if (prefix == "LD" ? suffix is "" or "A" or "AL" or "L" or "B" or "AB" or "ALB" or "LB" or "H" or "AH" or "ALH" or "LH"
                    : suffix is "" or "L" or "B" or "LB" or "H" or "LH")
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static IEnumerable<string> Split(string words) =>
        words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
