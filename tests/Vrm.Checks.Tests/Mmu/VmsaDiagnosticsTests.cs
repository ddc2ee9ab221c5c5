using Vrm.Checks.Mmu;
using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Checks.Tests.Mmu;

/// <summary>
/// The break-before-make and stale-translation checks on the Arm model's executions with page tables, on small tests of our
/// own: each missing piece of TLB maintenance gives its own message, and the complete sequence gives none.
/// </summary>
public class VmsaDiagnosticsTests
{
    private static ModelResult Run(string text) =>
        MemoryModels.Get("arm").Run(LitmusLowering.Lower(LitmusParser.Parse("t.litmus", text), Variant.Vmsa), new ExploreOptions { Checks = StandardChecks.For() }, CancellationToken.None);

    private static string[] Stale(ModelResult r) => [.. r.Diagnoses.Where(d => d.Flag is null).Select(d => d.Message)];

    /// <summary>P0 unmaps x (maybe with maintenance), then sets a flag; P1 reads the flag, then x behind a control dependency and an ISB.</summary>
    private static string Unmap(string maintenance, string readerSync = "CBZ W0,L1 | ISB") => $$"""
        AArch64 UNMAP
        {
          [PTE(x)]=(oa:PA(x));
          0:X0=(oa:PA(x), valid:0); 0:X1=PTE(x); 0:X3=x; 0:X4=y;
          1:X3=x; 1:X4=y;
        }
         P0              | P1            ;
         STR X0,[X1]     | LDR W0,[X4]   ;
        {{string.Join("\n", maintenance.Split('|').Select(m => $" {m.Trim(),-15} |               ;"))}}
         MOV W2,#1       | {{readerSync.Split('|')[0].Trim(),-13}} ;
         STR W2,[X4]     | {{(readerSync.Contains('|') ? readerSync.Split('|')[1].Trim() : "NOP"),-13}} ;
                         | L0:           ;
                         | LDR W5,[X3]   ;
                         | L1:           ;
        exists (1:X0=1 /\ ~fault(P1:L0,x))
        """;

    [Fact]
    public void UnmapWithoutTlbiNamesTheMissingTlbi()
    {
        var r = Run(Unmap("DSB ISH"));
        var stale = Assert.Single(Stale(r));
        Assert.Contains("P1's 'LDR W5,[X3]'", stale);
        Assert.Contains("stale entry (oa:PA(x))", stale);
        Assert.Contains("P0 has no TLBI of the page", stale);
    }

    [Fact]
    public void TlbiWithoutDsbIsNotCompleted()
    {
        var r = Run(Unmap("DSB ISH | LSR X9,X3,#12 | TLBI VAAE1IS,X9 | DMB ISH"));
        Assert.Contains(Stale(r), m => m.Contains("'TLBI VAAE1IS,X9'") && m.Contains("is not completed by a DSB"));
    }

    [Fact]
    public void LocalTlbiDoesNotReachAnotherCpu()
    {
        var r = Run(Unmap("DSB ISH | LSR X9,X3,#12 | TLBI VAAE1,X9 | DSB ISH"));
        Assert.Contains(Stale(r), m => m.Contains("invalidates only P0's TLB"));
    }

    [Fact]
    public void AReaderOrderedByDmbAfterACompletedTlbiCannotUseTheOldEntry()
    {
        // herd's TLBI-ob orders the access of a walk that came before the TLBI before what the TLBI's DSB orders.
        var r = Run(Unmap("DSB ISH | LSR X9,X3,#12 | TLBI VAAE1IS,X9 | DSB ISH", "DMB LD | NOP"));
        Assert.False(r.Ok);
        Assert.Empty(r.Diagnoses);
    }

    [Fact]
    public void AnUnorderedReaderMayUseTheOldEntryWithoutATlbDiagnostic()
    {
        // The reader may translate and read x before it reads the flag: message passing, not TLB maintenance, is missing.
        var r = Run(Unmap("DSB ISH | LSR X9,X3,#12 | TLBI VAAE1IS,X9 | DSB ISH", "NOP | NOP"));
        Assert.True(r.Ok);
        Assert.Empty(r.Diagnoses);
    }

    [Fact]
    public void CompleteMaintenanceGivesNoDiagnostic()
    {
        var r = Run(Unmap("DSB ISH | LSR X9,X3,#12 | TLBI VAAE1IS,X9 | DSB ISH"));
        Assert.Empty(r.Diagnoses);
        Assert.False(r.Ok, "the reader cannot see the flag and still translate with the old entry");
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(" ISB             |               ;\n", false)]
    public void TheUnmappingCpuNeedsAnIsbAfterItsTlbi(string isb, bool stale)
    {
        var text = $$"""
            AArch64 UNMAP-SELF
            {
              [PTE(x)]=(oa:PA(x));
              0:X0=(oa:PA(x), valid:0); 0:X1=PTE(x); 0:X3=x;
            }
             P0              ;
             STR X0,[X1]     ;
             DSB ISH         ;
             LSR X9,X3,#12   ;
             TLBI VAAE1IS,X9 ;
             DSB ISH         ;
            {{isb.Replace("|               ;", ";")}}L0:             ;
             LDR W5,[X3]     ;
            exists (~fault(P0:L0,x))
            """;
        var r = Run(text);
        Assert.Equal(stale, r.Ok);
        Assert.Equal(stale, Stale(r).Any(m => m.Contains("P0 does not order the translation after P0's TLBI")));
    }

    private const string Remap = """
        AArch64 REMAP
        {
          int x=1; int y=2;
          [PTE(x)]=(oa:PA(x));
          0:X0=(oa:PA(x), valid:0); 0:X1=PTE(x); 0:X3=x; 0:X5=(oa:PA(y));
          1:X3=x;
        }
         P0              | P1          ;
        BODY
                         | LDR W5,[X3] ;
        exists (1:X5=2)
        """;

    [Fact]
    public void RemapWithoutBreakBeforeMakeRaisesHerdsFlag()
    {
        var r = Run(Remap.Replace("BODY", " STR X5,[X1]     |             ;"));
        Assert.Equal([BreakBeforeMake.Flag], r.Flags);
        Assert.Contains(r.Diagnoses, d => d.Flag == BreakBeforeMake.Flag && d.Message.Contains("writes (oa:PA(y)) to PTE(x)") && d.Pos.Line == 9);
    }

    [Fact]
    public void BreakBeforeMakeSequenceRaisesNoFlag()
    {
        var body = string.Join("\n", new[] { "STR X0,[X1]", "DSB ISH", "LSR X9,X3,#12", "TLBI VAAE1IS,X9", "DSB ISH", "STR X5,[X1]" }
            .Select(i => $" {i,-15} |             ;"));
        var r = Run(Remap.Replace("BODY", body));
        Assert.Empty(r.Flags);
    }
}
