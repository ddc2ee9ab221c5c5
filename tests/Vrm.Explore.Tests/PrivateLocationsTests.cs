using Vrm.Explore.Promising;
using Vrm.Programs.Lowering;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Explore.Tests;

/// <summary>The Promising search's split of locations into thread-private ones and shared ones.</summary>
public class PrivateLocationsTests
{
    [Theory]
    [InlineData(PrivateLocations.MaxFlowSensitive)]
    [InlineData(0L)] // the flow-insensitive pass, for threads too big for one register file per instruction
    public void StackSlotsArePrivateAndPublishedAddressesAreShared(long maxFlowSensitive)
    {
        var p = LitmusLowering.Lower(LitmusParser.Parse("t.litmus", """
            AArch64 T
            { int64_t s0[2]; int64_t n; x=0; 0:X30=s0; 0:X1=x; 0:X2=n; 1:X1=x; }
             P0              | P1          ;
             STR X9,[X30,#8] | LDR X3,[X1] ;
             STR X2,[X1]     | STR X9,[X3] ;
             LDR X4,[X2]     |             ;
            exists (x=0)
            """));
        var owners = PrivateLocations.Owners(p, maxFlowSensitive);
        Assert.Equal(0, owners[p.Locations.ToList().IndexOf("s0[1]")]);
        Assert.Equal(-1, owners[p.Locations.ToList().IndexOf("x")]);
        // n's address is stored in x and loaded by P1, which writes through it while P0 reads n: shared.
        Assert.Equal(-1, owners[p.Locations.ToList().IndexOf("n")]);
    }
}
