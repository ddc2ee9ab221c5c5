using Vrm.Programs.Lowering;
using Vrm.Syntax;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Programs.Tests;

/// <summary>
/// Users see these messages verbatim, so each is pinned word for word with its position; a change to
/// wording or columns has to be deliberate.
/// </summary>
public class ErrorMessageTests
{
    private static string Src(params string[] lines) => string.Join("\n", lines) + "\n";

    /// <summary>A one-thread test around the given rows, with the condition on line 4 + rows.</summary>
    // herd ends every thread-table row with ';'; rows given without one get it here.
    private static string OneThread(params string[] rows) =>
        Src(["AArch64 T", "{ 0:X1=x; }", " P0 ;", .. rows.Select(r => r.TrimEnd().EndsWith(';') ? r : r + " ;"), "exists (0:X0=1)"]);

    private static DiagnosticException Fail(string text) =>
        Assert.Throws<DiagnosticException>(() => LitmusLowering.Lower(LitmusParser.Parse("t.litmus", text)));

    private static void AssertError(string expected, string text, bool unsupported = false)
    {
        var e = Fail(text);
        Assert.Equal(expected, e.Diagnostic.ToString());
        Assert.Equal(expected, e.Message);
        Assert.Equal(unsupported, e.Unsupported);
    }

    // ---- instructions and operands ----

    [Fact]
    public void UnsupportedInstructionPointsAtTheMnemonic() =>
        AssertError(
            "t.litmus(4,16): error: unsupported instruction 'LDP'",
            Src("AArch64 T", "{ 0:X1=x; 1:X1=x; }", " P0          | P1             ;", " MOV X0,#1   | LDP X2,X3,[X1] ;", "exists (1:X2=1)"),
            unsupported: true);

    [Fact]
    public void UnsupportedInstructionAfterALabelPointsPastTheLabel() =>
        AssertError("t.litmus(4,6): error: unsupported instruction 'LDP'", OneThread(" L0: ldp x2,x3,[x1]"), unsupported: true);

    [Fact]
    public void StoreAtomicsHaveNoAcquireForm() =>
        AssertError("t.litmus(4,2): error: unknown instruction 'STADDA': no A64 instruction has this name", OneThread(" STADDA X0,[X1]"));

    [Fact]
    public void UnknownConditionCode() =>
        AssertError("t.litmus(4,2): error: unknown condition 'XX' in 'B.XX'", OneThread(" B.XX L0", "L0:"));

    [Fact]
    public void WrongOperandCount() =>
        AssertError("t.litmus(4,2): error: 'MOV' takes 2 or 3 operands but has 1", OneThread(" MOV X0"));

    [Fact]
    public void WrongOperandCountOfNop() =>
        AssertError("t.litmus(4,2): error: 'NOP' takes 0 operands but has 1", OneThread(" NOP #1"));

    [Fact]
    public void WrongOperandCountOfStoreExclusive() =>
        AssertError("t.litmus(4,2): error: 'STXR' takes 3 operands but has 2", OneThread(" STXR W4,X0"));

    [Fact]
    public void UnknownLabelPointsAtTheLabel() =>
        AssertError("t.litmus(4,4): error: unknown label 'L9' in P0", OneThread(" B L9"));

    [Fact]
    public void UnknownLabelNamesItsThread() =>
        AssertError(
            "t.litmus(5,24): error: unknown label 'L0' in P1",
            Src("AArch64 T", "{ x=0; }", " P0          | P1          ;", " L0: NOP     | NOP         ;", "             | CBNZ X0,L0  ;", "exists (x=0)"));

    [Fact]
    public void BadRegisterName() =>
        AssertError("t.litmus(4,6): error: operand 1 of 'MOV' must be a register", OneThread(" MOV X31,#1"));

    [Fact]
    public void TheZeroRegisterIsNoAddressBase() =>
        AssertError("t.litmus(4,9): error: the base register of an address must be an X register or SP, not 'XZR'", OneThread(" LDR X0,[XZR]"));

    [Fact]
    public void BadRegisterInTheInitBlock() =>
        AssertError("t.litmus(2,3): error: unsupported register 'X40'", Src("AArch64 T", "{ 0:X40=1; }", " P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void VectorRegisterInTheConditionIsUnsupported() =>
        AssertError("t.litmus(5,9): error: unsupported register 'V0'", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "exists (0:V0=1)"), unsupported: true);

    [Fact]
    public void UnknownBarrierOption() =>
        AssertError("t.litmus(4,6): error: unknown barrier option 'FOO' for 'DMB'", OneThread(" DMB FOO"));

    [Fact]
    public void BarrierWithoutOption() =>
        AssertError("t.litmus(4,2): error: 'DMB' takes 1 operand but has 0", OneThread(" DMB"));

    [Fact]
    public void MalformedImmediate() =>
        AssertError("t.litmus(4,9): error: malformed immediate '#1z'", OneThread(" MOV X0,#1z"));

    [Fact]
    public void BareHashIsAMalformedImmediate() =>
        AssertError("t.litmus(4,9): error: malformed immediate '#'", OneThread(" MOV X0,#"));

    [Fact]
    public void EmptyOperand() =>
        AssertError("t.litmus(4,9): error: empty operand in 'MOV X0,,#1'", OneThread(" MOV X0,,#1"));

    [Fact]
    public void TwoWordsInOneOperand() =>
        AssertError("t.litmus(4,9): error: unexpected operand 'X1 X2'", OneThread(" MOV X0,X1 X2"));

    [Fact]
    public void UnclosedAddress() =>
        AssertError("t.litmus(4,9): error: expected ']' to close '[X1'", OneThread(" LDR X0,[X1"));

    [Fact]
    public void NameInsideAnAddress() =>
        AssertError("t.litmus(4,13): error: unexpected 'x' in address '[X1,x]'", OneThread(" LDR X0,[X1,x]"));

    [Fact]
    public void ShiftWithoutAnOffsetRegister() =>
        AssertError("t.litmus(4,13): error: unexpected 'LSL #3' in address '[X1,LSL #3]'", OneThread(" LDR X0,[X1,LSL #3]"));

    [Fact]
    public void AddressBaseMustBeAnXRegister() =>
        AssertError("t.litmus(4,9): error: the base register of an address must be an X register or SP, not 'W1'", OneThread(" LDR X0,[W1]"));

    [Fact]
    public void LoadNeedsAnAddress() =>
        AssertError("t.litmus(4,9): error: operand 2 of 'LDR' must be an address such as [X1]", OneThread(" LDR X0,X1"));

    [Fact]
    public void PostIndexMustBeAnImmediate() =>
        AssertError("t.litmus(4,14): error: unexpected operand after the address of 'LDR'", OneThread(" LDR X0,[X1],X2"));

    [Fact]
    public void RotateIsNotAnAddressModifier() =>
        AssertError("t.litmus(4,16): error: 'ROR' cannot modify an address offset in 'LDR' (use LSL, SXTW, UXTW, SXTX or UXTX)", OneThread(" LDR X0,[X1,X2,ROR #3]"));

    [Fact]
    public void BadConditionCodeOperand() =>
        AssertError("t.litmus(4,16): error: operand 4 of 'CSEL' must be a condition such as EQ or NE", OneThread(" CSEL X0,X1,X2,ZZ"));

    [Fact]
    public void MovzTakesOnlyAnImmediate() =>
        AssertError("t.litmus(4,10): error: 'MOVZ' takes an immediate", OneThread(" MOVZ X0,X1"));

    // ---- thread table ----

    [Fact]
    public void RowWithTooManyCellsPointsAtTheFirstExtraCell() =>
        AssertError("t.litmus(4,14): error: row has 2 cells but the table has 1 thread", OneThread(" MOV X0,#1 | NOP"));

    [Fact]
    public void DuplicateLabel() =>
        // The position is the instruction after the label, not the label itself (reported as a suggested fix).
        AssertError("t.litmus(5,6): error: label 'L0' is defined twice in P0", OneThread(" L0: NOP", " L0: NOP"));

    [Fact]
    public void OutOfOrderThread() =>
        AssertError("t.litmus(3,2): error: thread 'P1' is out of order: expected P0", Src("AArch64 T", "{ x=0; }", " P1 | P0 ;", " NOP | NOP ;", "exists (x=0)"));

    [Fact]
    public void MissingThreadIndex() =>
        AssertError("t.litmus(3,7): error: thread 'P2' is out of order: expected P1", Src("AArch64 T", "{ x=0; }", " P0 | P2 ;", " NOP | NOP ;", "exists (x=0)"));

    [Fact]
    public void BadThreadName() =>
        AssertError("t.litmus(3,2): error: expected a thread name such as 'P0' but found 'Q0'", Src("AArch64 T", "{ x=0; }", " Q0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void FaultHandlerWithoutItsThread() =>
        AssertError("t.litmus(3,2): error: fault handler 'P0.F' has no thread P0", Src("AArch64 T", "{ x=0; }", " P0.F ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void MissingThreadTable() =>
        AssertError("t.litmus(3,1): error: missing thread table: expected a header such as 'P0 | P1 ;'", Src("AArch64 T", "{ x=0; }", "exists (x=0)"));

    [Fact]
    public void ThreadTableOnTheLineOfTheClosingBrace() =>
        // The column is the blank after '}', not 'P0' (reported as a suggested fix).
        AssertError("t.litmus(2,9): error: expected the thread table on the line after '}'", Src("AArch64 T", "{ x=0; } P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void MisspeltQuantifierIsARowWithoutItsSemicolon() =>
        AssertError(
            "t.litmus(5,1): error: expected ';' at the end of the thread-table row 'exist (x=0)' (or a condition: exists, ~exists, forall)",
            Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "exist (x=0)"));

    // ---- header, metadata, init ----

    [Fact]
    public void EmptyFile() =>
        AssertError("t.litmus(1,1): error: empty file: expected a header such as 'AArch64 NAME'", "\n  \n");

    [Fact]
    public void HeaderWithoutName() =>
        AssertError("t.litmus(2,3): error: expected a header such as 'AArch64 NAME'", Src("", "  AArch64", "{ x=0; }", " P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void OtherArchitectureIsUnsupported() =>
        AssertError("t.litmus(1,1): error: unsupported architecture 'X86': vrm reads AArch64 litmus tests", Src("X86 T", "{ x=0; }", " P0 ;", " NOP ;", "exists (x=0)"), unsupported: true);

    [Fact]
    public void MixedVariantIsUnsupported() =>
        AssertError("t.litmus(1,1): error: unsupported: mixed-size accesses (Variant=mixed)", Src("AArch64 T", "Variant=mixed", "{ x=0; }", " P0 ;", " NOP ;", "exists (x=0)"), unsupported: true);

    [Fact]
    public void MissingInitBlockBeforeTheTable() =>
        AssertError("t.litmus(2,2): error: expected 'Key=Value' metadata or the init block '{'", Src("AArch64 T", " P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void MissingInitBlockAtEndOfFile() =>
        AssertError("t.litmus(3,1): error: missing init block '{ ... }'", Src("AArch64 T", "Hash=1"));

    [Fact]
    public void UnclosedInitBlock() =>
        AssertError("t.litmus(2,1): error: init block '{' is never closed by '}'", Src("AArch64 T", "{ 0:X1=x;", " P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void MissingSemicolonBetweenInitEntries() =>
        AssertError("t.litmus(2,10): error: expected ';' after an init entry but found '0'", Src("AArch64 T", "{ 0:X1=x 0:X2=y }", " P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void MalformedNumberInInit() =>
        AssertError("t.litmus(2,13): error: malformed number '1z'", Src("AArch64 T", "{ 0:X1=x; x=1z; }", " P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void UnterminatedString() =>
        AssertError("t.litmus(2,5): error: unterminated string", Src("AArch64 T", "{ x=\"abc }", " P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void InitOfAThreadThatDoesNotExist() =>
        AssertError("t.litmus(2,3): error: thread 5 does not exist: the test has 1 thread", Src("AArch64 T", "{ 5:X1=x; }", " P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void RegisterInitialisedTwice() =>
        AssertError("t.litmus(2,11): error: 0:X1 is initialised twice", Src("AArch64 T", "{ 0:X1=x; 0:X1=y; }", " P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void ArrayLengthMustBeANumber() =>
        AssertError("t.litmus(2,9): error: expected an array length from 1 to 4096 but found 'n'", Src("AArch64 T", "{ int x[n]; }", " P0 ;", " NOP ;", "exists (x=0)"));

    [Fact]
    public void CodeLabelValueIsUnsupported() =>
        AssertError(
            "t.litmus(2,8): error: unsupported: code label value label:\"P0:L0\" (instruction fetch tests)",
            Src("AArch64 T", "{ 0:X0=label:\"P0:L0\"; }", " P0 ;", " L0: NOP ;", "exists (x=0)"),
            unsupported: true);

    // ---- locations, filter and conditions ----

    [Fact]
    public void UnexpectedCharacterInACondition() =>
        AssertError("t.litmus(5,16): error: unexpected character '$'", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "exists (0:X0=1 $ 1)"));

    [Fact]
    public void MissingEqualsInAnAtom() =>
        AssertError("t.litmus(5,14): error: expected '=' or '!=' after 0:X0 but found '1'", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "exists (0:X0 1)"));

    [Fact]
    public void MissingEqualsAfterAMemoryLocation() =>
        AssertError("t.litmus(5,10): error: expected '=' or '!=' after [x] but found ')'", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "exists (x)"));

    [Fact]
    public void UnclosedParenthesis() =>
        AssertError("t.litmus(6,1): error: expected ')' but found end of input", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "exists (x=0"));

    [Fact]
    public void TrailingTokensAfterTheCondition() =>
        AssertError("t.litmus(5,14): error: unexpected 'junk' after the final condition", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "exists (x=0) junk"));

    [Fact]
    public void MissingOperandOfAConjunction() =>
        AssertError("t.litmus(5,16): error: expected a location such as '0:X1', 'x' or '[x]' but found ')'", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "exists (x=0 /\\ )"));

    [Fact]
    public void MissingRegisterAfterThread() =>
        AssertError("t.litmus(5,11): error: expected a register after '0:' but found '='", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "exists (0:=1)"));

    [Fact]
    public void MissingValue() =>
        AssertError("t.litmus(5,11): error: expected a value but found ')'", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "exists (x=)"));

    [Fact]
    public void UnknownLocationAsAValue() =>
        AssertError("t.litmus(5,14): error: unknown location 'y' in the condition", Src("AArch64 T", "{ 0:X1=x; }", " P0 ;", " NOP ;", "exists (0:X0=y)"));

    [Fact]
    public void UnclosedLocationsList() =>
        AssertError("t.litmus(6,1): error: 'locations [' is never closed by ']'", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "locations [x;"));

    [Fact]
    public void FinalConditionIsUnsupported() =>
        AssertError("t.litmus(5,1): error: unsupported: 'final' conditions are not supported; use 'exists' or 'forall'", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "final (x=0)"), unsupported: true);

    [Fact]
    public void UnknownPageTableFunction() =>
        AssertError("t.litmus(5,9): error: unknown location 'PDE(...)': expected PTE(x) (PMD, PUD, PGD) or fault(...)", Src("AArch64 T", "{ x=0; }", " P0 ;", " NOP ;", "exists (PDE(x)=0)"));

    [Fact]
    public void PositionlessDiagnosticOmitsLineAndColumn() =>
        Assert.Equal("a.litmus: error: gone", new Diagnostic("a.litmus", SourcePos.None, "gone").ToString());
}
