using System.Globalization;
using System.Text.RegularExpressions;
using Vrm.Programs;

namespace Vrm.Report.Tests;

/// <summary>
/// Reads one of herd7's final-state lines of a page-table test back into the values of a program's
/// observables, so that tests can check that vrm prints the same values the same way.
/// </summary>
public static partial class HerdStateReader
{
    [GeneratedRegex(@"^(~?)Fault\(P(\d+)(?::(\w+))?(?:,([\w]+(?:\(\w+\))?))?(?:,([\w-]+:\w+))?(,EL0)?\)$")]
    private static partial Regex FaultItem();

    public static long[] Values(Program p, IReadOnlyList<Observable> displayed, string line)
    {
        var values = new long?[displayed.Count];
        var vmsa = p.Vmsa!;
        foreach (var raw in line.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fault = FaultItem().Match(raw);
            if (fault.Success)
            {
                int thread = int.Parse(fault.Groups[2].Value, CultureInfo.InvariantCulture);
                string? label = fault.Groups[3].Success ? fault.Groups[3].Value : null;
                string? where = fault.Groups[4].Success ? fault.Groups[4].Value : null;
                string? type = fault.Groups[5].Success ? fault.Groups[5].Value : null;
                int index = -1;
                for (int i = 0; i < displayed.Count && index < 0; i++)
                {
                    if (!displayed[i].IsFault || values[i] is not null)
                    {
                        continue;
                    }
                    var atom = vmsa.Faults[displayed[i].Fault];
                    bool same = atom.Thread == thread && atom.Label == label
                        && (atom.Loc < 0 ? fault.Groups[1].Value == "~" ? where is null : true : where == vmsa.FaultLocationName(p, atom.Loc))
                        && (atom.Type is null ? fault.Groups[1].Value != "~" || type is null : type == atom.Type);
                    if (same)
                    {
                        index = i;
                    }
                }
                if (index < 0)
                {
                    throw new InvalidDataException($"no fault atom for '{raw}'");
                }
                values[index] = fault.Groups[1].Value == "~" ? 0 : FaultValue.Encode(
                    where is null ? -1 : Location(p, where),
                    type is not null && type.StartsWith("D-MMU:", StringComparison.Ordinal) ? Enum.Parse<FaultKind>(type[6..]) : FaultKind.Translation,
                    fault.Groups[6].Success);
                continue;
            }
            int eq = raw.IndexOf('=');
            var name = eq < 0 ? throw new InvalidDataException($"unreadable item '{raw}'") : raw[..eq];
            int at = -1;
            for (int i = 0; i < displayed.Count; i++)
            {
                if (!displayed[i].IsFault && p.FormatObservable(displayed[i]) == name)
                {
                    at = i;
                }
            }
            values[at < 0 ? throw new InvalidDataException($"vrm does not observe {name}") : at] = Value(p, raw[(eq + 1)..]);
        }
        int missing = Array.FindIndex(values, v => v is null);
        return missing >= 0 ? throw new InvalidDataException($"herd does not show {p.FormatObservable(displayed[missing])}") : [.. values.Select(v => v!.Value)];
    }

    private static int Location(Program p, string name) =>
        name.StartsWith("PTE(", StringComparison.Ordinal) ? p.Vmsa!.Variables.Single(v => $"PTE({v.Name})" == name).PteLoc
        : p.Vmsa!.Variables.Single(v => v.Name == name).DataLoc;

    private static long Value(Program p, string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
        {
            return n;
        }
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return long.Parse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        var vars = p.Vmsa!.Variables;
        if (text.StartsWith("label:\"", StringComparison.Ordinal))
        {
            var parts = text[7..^1].Split(':');
            int thread = int.Parse(parts[0][1..], CultureInfo.InvariantCulture);
            return Program.CodeAddress(thread, p.Threads[thread].Labels[parts[1]]);
        }
        if (text.StartsWith('('))
        {
            long oa = 0;
            bool valid = true, af = true, db = true, dbm = false, el0 = true;
            foreach (var field in text[1..^1].Split(", "))
            {
                var (key, value) = (field[..field.IndexOf(':')], field[(field.IndexOf(':') + 1)..]);
                switch (key)
                {
                    case "oa":
                        oa = Value(p, value);
                        break;
                    case "valid":
                        valid = value == "1";
                        break;
                    case "af":
                        af = value == "1";
                        break;
                    case "db":
                        db = value == "1";
                        break;
                    case "dbm":
                        dbm = value == "1";
                        break;
                    case "el0":
                        el0 = value == "1";
                        break;
                    default:
                        throw new InvalidDataException($"unknown descriptor field '{key}'");
                }
            }
            return Pte.Encode(new PteFields(oa, valid, af, db, dbm, el0));
        }
        foreach (var v in vars)
        {
            if (text == v.Name)
            {
                return v.VirtualAddress;
            }
            if (text == $"PA({v.Name})")
            {
                return v.PhysicalAddress;
            }
            if (text == $"PTE({v.Name})")
            {
                return v.PteAddress;
            }
        }
        throw new InvalidDataException($"unknown value '{text}'");
    }
}
