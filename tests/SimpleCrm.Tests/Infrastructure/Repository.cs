namespace SimpleCrm.Tests.Infrastructure;

public static class Repository
{
    /// <summary>The repository's root folder (where SimpleCrm.sln is), found from the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SimpleCrm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SimpleCrm.sln not found above the test binaries.");
    }
}
