using Spectre.Console;
using Spectre.Console.Rendering;

namespace Vrm.Cli.Output;

/// <summary>The verdict of every model side by side, one row per test (<c>--model all</c>).</summary>
public static class VerdictTable
{
    public static void Write(TextWriter output, IEnumerable<TestOutcome> outcomes, IReadOnlyList<string> models)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("test");
        foreach (var m in models)
        {
            table.AddColumn(m);
        }
        foreach (var o in outcomes)
        {
            var cells = new List<IRenderable> { new Text(o.Name) };
            foreach (var m in models)
            {
                var r = o.Results.FirstOrDefault(x => x.Model == m);
                string cell = o.Error is not null ? (o.Unsupported ? "unsupported" : "error")
                    : o.Refused.ContainsKey(m) ? "unsupported"
                    : r is null ? "-"
                    : r.Completion != Explore.Results.Completion.Complete ? "incomplete"
                    : $"{(r.Ok ? "Ok" : "No")} {r.Observation} ({r.States.Count} states)";
                cells.Add(new Text(cell));
            }
            table.AddRow(cells);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        console.Write(table);
    }
}
