using Vrm.Explore.Results;
using Vrm.Programs.Lowering;
using Vrm.Syntax;
using Vrm.Syntax.Litmus;
using Xunit;

namespace Vrm.Report.Tests;

/// <summary>
/// Every page-table test of the shared corpus (../shared/litmus/vmsa, herd7 -variant vmsa) is read and
/// lowered, and its condition prints exactly as herd7 printed it; reported skipped when the corpus is absent.
/// </summary>
public class VmsaCorpusTests
{
    /// <summary>herd's <c>Condition</c> line per test file, from the folder's herd7.out.</summary>
    private static Dictionary<string, string> HerdConditions(string folder)
    {
        var conditions = new Dictionary<string, string>(StringComparer.Ordinal);
        string? file = null;
        foreach (var line in File.ReadLines(Path.Combine(folder, "herd7.out")))
        {
            if (line.StartsWith("# file ", StringComparison.Ordinal))
            {
                file = line[7..].Trim();
            }
            else if (file is not null && line.StartsWith("Condition ", StringComparison.Ordinal))
            {
                conditions[file] = line["Condition ".Length..];
                file = null;
            }
        }
        return conditions;
    }

    [SharedCorpusFact]
    public void EveryVmsaTestParsesLowersAndPrintsItsConditionAsHerdDoes()
    {
        var (files, printed, failures) = Check(Repo.Corpus("vmsa"), all: true);
        Assert.True(failures.Count == 0, $"{failures.Count} of {files} failed:\n" + string.Join("\n", failures.Take(40)));
        Assert.Equal(files, printed);
        Assert.True(files >= 600, $"only {files} vmsa tests found");
    }

    /// <summary>The readers' guide folder has a few page-table tests among user-mode ones; they are recognised by their syntax.</summary>
    [SharedCorpusFact]
    public void PageTableTestsOfTheReadersGuidePrintTheirConditionsAsHerdDoes()
    {
        var (_, printed, failures) = Check(Repo.Corpus("herd", "aarch64-readers-guide"), all: false);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(printed >= 3, $"only {printed} page-table tests found");
    }

    /// <summary>
    /// Every final state herd7 printed for a vmsa test, read back into vrm's values (registers, memory,
    /// descriptors, code labels, faults) and printed again, is herd's line character for character: the
    /// printer is ready for a model to fill the values in.
    /// </summary>
    [SharedCorpusFact]
    public void EveryVmsaStateOfHerdPrintsBackIdentically()
    {
        var folder = Repo.Corpus("vmsa");
        var states = HerdStates(folder);
        var failures = new List<string>();
        int lines = 0;
        foreach (var (rel, herdLines) in states)
        {
            var program = LitmusLowering.Lower(LitmusParser.Parse(rel, File.ReadAllText(Path.Combine(folder, rel))), Variant.Vmsa);
            var displayed = OutcomeSet.DisplayOrder(program);
            foreach (var line in herdLines)
            {
                lines++;
                try
                {
                    var mine = HerdFormat.State(program, displayed, HerdStateReader.Values(program, displayed, line));
                    if (mine != line)
                    {
                        failures.Add($"{rel}: herd '{line}' but vrm '{mine}'");
                    }
                }
                catch (InvalidDataException e)
                {
                    failures.Add($"{rel}: '{line}': {e.Message}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {lines} states differ:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(lines >= 2000, $"only {lines} states found");
    }

    /// <summary>herd's state lines per test file.</summary>
    private static Dictionary<string, List<string>> HerdStates(string folder)
    {
        var states = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? file = null;
        int left = 0;
        foreach (var line in File.ReadLines(Path.Combine(folder, "herd7.out")))
        {
            if (line.StartsWith("# file ", StringComparison.Ordinal))
            {
                file = line[7..].Trim();
                states[file] = [];
            }
            else if (file is not null && line.StartsWith("States ", StringComparison.Ordinal))
            {
                left = int.Parse(line[7..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (file is not null && left > 0)
            {
                states[file].Add(line);
                left--;
            }
        }
        return states;
    }

    /// <summary>Reads and lowers every test of <paramref name="folder"/> (or only its page-table tests) and compares conditions with herd's.</summary>
    private static (int Files, int Printed, List<string> Failures) Check(string folder, bool all)
    {
        var herd = HerdConditions(folder);
        var files = Directory.GetFiles(folder, "*.litmus", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var failures = new List<string>();
        int printed = 0;
        foreach (var file in files)
        {
            var rel = Path.GetRelativePath(folder, file).Replace('\\', '/');
            try
            {
                var test = LitmusParser.Parse(rel, File.ReadAllText(file));
                if (!all && !LitmusLowering.UsesVmsa(test))
                {
                    continue;
                }
                var program = LitmusLowering.Lower(test, Variant.Vmsa);
                Assert.NotNull(program.Vmsa);
                var mine = HerdFormat.Condition(program);
                if (!herd.TryGetValue(rel, out var expected))
                {
                    failures.Add($"{rel}: no Condition line in herd7.out");
                }
                else if (expected != mine)
                {
                    failures.Add($"{rel}: herd '{expected}' but vrm '{mine}'");
                }
                else
                {
                    printed++;
                }
            }
            catch (DiagnosticException e) when (all || !e.Unsupported)
            {
                failures.Add(e.Message);
            }
            catch (DiagnosticException)
            {
                // Another variant (mixed sizes, instruction fetch) in a folder where only the page-table tests count.
            }
        }
        return (files.Count, printed, failures);
    }
}
