using System.CommandLine;
using System.CommandLine.Parsing;
using Vrm.Explore;

namespace Vrm.Cli;

/// <summary>The options several commands share, each with the range of values that make sense checked at parse time.</summary>
public static class CliOptions
{
    public static Option<double?> Timeout(string description)
    {
        var o = new Option<double?>("--timeout") { Description = description + " (seconds, more than 0)" };
        o.Validators.Add(r =>
        {
            // NaN fails every comparison, so this also turns it away.
            if (r.GetValueOrDefault<double?>() is double s && !(s > 0))
            {
                r.AddError($"--timeout must be a number of seconds greater than 0, not {Show(s)}");
            }
        });
        return o;
    }

    /// <summary>Seconds as a span; beyond what a span holds (<c>1e300</c>, infinity) means no limit at all.</summary>
    public static TimeSpan? ToTimeSpan(double? seconds) =>
        seconds is not double s ? null : s >= 1e9 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(s);

    public static Option<int> Jobs() => AtLeast(new Option<int>("--jobs", "-j") { Description = "Worker threads (results are identical for any number)", DefaultValueFactory = _ => Environment.ProcessorCount }, 1);

    public static Option<int> Unroll(string description, int byDefault) =>
        AtLeast(new Option<int>("--unroll") { Description = description, DefaultValueFactory = _ => byDefault }, 0);

    public static Option<long> Count(string name, string description, long byDefault) =>
        AtLeast(new Option<long>(name) { Description = description, DefaultValueFactory = _ => byDefault }, 1);

    public static Option<long?> MaxMemory()
    {
        var o = new Option<long?>("--max-memory")
        {
            Description = $"Megabytes of memory the process may hold before a search stops incomplete (default: three quarters of the machine's, {Budget.DefaultMaxMemory >> 20} MB here)",
        };
        o.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is long mb && (mb < 1 || mb > long.MaxValue >> 20))
            {
                r.AddError($"--max-memory must be a number of megabytes from 1, not {mb}");
            }
        });
        return o;
    }

    /// <summary>Bytes from the megabytes of --max-memory (null: the default ceiling).</summary>
    public static long? Bytes(long? megabytes) => megabytes is long mb ? mb << 20 : null;

    private static Option<T> AtLeast<T>(Option<T> o, long least)
        where T : struct, IConvertible
    {
        o.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<T>();
            if (Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) < least)
            {
                r.AddError($"{o.Name} must be at least {least}, not {v}");
            }
        });
        return o;
    }

    /// <summary>
    /// Makes a file argument refuse words that look like options: without this, a mistyped option
    /// (<c>--frobnicate</c>) is taken for a file name that does not exist.
    /// </summary>
    public static T RejectingOptions<T>(T argument)
        where T : Argument
    {
        argument.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-' && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                {
                    r.AddError($"unknown option '{token.Value}'");
                }
            }
        });
        return argument;
    }

    private static string Show(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
