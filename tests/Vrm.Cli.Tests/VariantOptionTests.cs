using Xunit;
using VrmCli = Vrm.Cli.Cli;

namespace Vrm.Cli.Tests;

/// <summary>
/// <c>vrm litmus --variant V</c> as the README documents it: herd's variant names, one per option, before or
/// after the paths.
/// </summary>
public class VariantOptionTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = VrmCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void AVariantBeforeThePathLeavesThePathAPath()
    {
        var (code, output, error) = Run("litmus", "--variant", "vmsa", Repo.Examples("vmsa", "HA+spurious-reset.litmus"));
        Assert.True(code == 0, error);
        Assert.Contains("Observation HA+spurious-reset Sometimes", output, StringComparison.Ordinal);
    }

    /// <summary>Mixed sizes are recognised in the tests themselves: the option changes nothing, as with herd's own tests.</summary>
    [Fact]
    public void MixedIsAcceptedAndChangesNothing()
    {
        var test = Repo.Examples("litmus", "MP+dmb.sy+ldrh.litmus");
        var with = Run("litmus", "--variant", "mixed", test);
        var without = Run("litmus", test);
        Assert.True(with.Code == 0, with.Err);
        Assert.Equal(without.Out, with.Out);
    }

    /// <summary>The option adds to the test's own <c>Variant=</c> line, as herd's -variant does: here FEAT_ETS2 to a vmsa test.</summary>
    [Fact]
    public void AVariantOfTheHeaderWorksAsAnOptionToo()
    {
        var test = Repo.Examples("vmsa", "MAP+dsb+dsb-noets2.litmus");
        Assert.Contains("Observation MAP+dsb+dsb-noets2 Sometimes", Run("litmus", test).Out, StringComparison.Ordinal);
        var (code, output, error) = Run("litmus", "--variant", "ets2", test);
        Assert.True(code == 0, error);
        Assert.Contains("Observation MAP+dsb+dsb-noets2 Never", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedVariantsAreReportedAsUnsupported()
    {
        var (_, _, error) = Run("litmus", "--variant", "ifetch", Repo.Examples("litmus", "MP.litmus"));
        Assert.Contains("unsupported: instruction fetch", error, StringComparison.Ordinal);
    }
}
