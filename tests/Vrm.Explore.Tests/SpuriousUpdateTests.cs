using Vrm.Explore;
using Vrm.Explore.Results;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Explore.Tests;

/// <summary>
/// Page-table behaviour every model must share with herd: spurious access-flag updates (one per write that
/// leaves an entry valid with AF clear, the initial one included, whether or not anything accesses the page)
/// and exclusive pairs, which pair by physical address when the entry changes between the two.
/// </summary>
public class SpuriousUpdateTests
{
    public static TheoryData<string> Models => ["sc", "arm", "promising"];

    private static ModelResult Run(string model, string text) =>
        MemoryModels.Get(model).Run(LitmusLowering.Lower(LitmusParser.Parse("t.litmus", text), Variant.Vmsa), new ExploreOptions(), CancellationToken.None);

    /// <summary>
    /// Page aging three times over on a page nobody accesses: each read after a store that clears AF may see AF
    /// set again, which takes four updates of one entry (the initial value and three stores of that same value).
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void EveryWriteThatClearsTheAccessFlagMayBeFollowedByAnUpdate(string model)
    {
        var r = Run(model, """
            AArch64 AGING3
            TTHM=HA
            {
             [PTE(x)]=(oa:PA(x), af:0);
             0:X1=(oa:PA(x), af:0); 0:X2=PTE(x);
            }
             P0          ;
             LDR X5,[X2] ;
             STR X1,[X2] ;
             LDR X6,[X2] ;
             STR X1,[X2] ;
             LDR X7,[X2] ;
             STR X1,[X2] ;
             LDR X8,[X2] ;
            exists (0:X5=(oa:PA(x)) /\ 0:X6=(oa:PA(x)) /\ 0:X7=(oa:PA(x)) /\ 0:X8=(oa:PA(x)))
            """);
        Assert.Equal(Completion.Complete, r.Completion);
        // Each of the four reads may see AF clear or set, independently.
        Assert.Equal(16, r.States.Count);
        Assert.True(r.Ok);
    }

    /// <summary>Without hardware management nothing sets AF: the reads see what the program wrote.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void WithoutHardwareManagementNoUpdateHappens(string model)
    {
        var r = Run(model, """
            AArch64 NOHA
            {
             [PTE(x)]=(oa:PA(x), af:0);
             0:X2=PTE(x);
            }
             P0          ;
             LDR X6,[X2] ;
            exists (0:X6=(oa:PA(x)))
            """);
        Assert.Single(r.States);
        Assert.False(r.Ok);
    }

    /// <summary>
    /// Two exclusive pairs on x while a third CPU moves x to y's page: a pair whose load read x's old page (1)
    /// cannot store to y's page, and the search must not fail on a pair that straddles two locations.
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void AnExclusivePairThroughAMovedPageSucceedsOnlyOnOnePage(string model)
    {
        var r = Run(model, """
            AArch64 EXCL
            {
             x=1; y=2;
             0:X0=x; 0:X1=3;
             1:X0=x; 1:X1=4;
             2:X2=PTE(x); 2:X3=(oa:PA(y));
            }
             P0              | P1              | P2          ;
             LDXR W4,[X0]    | LDXR W4,[X0]    | STR X3,[X2] ;
             STXR W5,W1,[X0] | STXR W5,W1,[X0] |             ;
            exists (0:X4=1 /\ 0:X5=0 /\ y=3)
            """);
        Assert.Equal(Completion.Complete, r.Completion);
        Assert.False(r.Ok);
        // Through the new entry both times, the pair may succeed on y's page.
        Assert.True(r.States.Count > 1);
    }
}
