using Saver.Benchmarks.Scenarios;

namespace Saver.Benchmarks.Suites;

// The ways of saving an event that the results table compares. (BenchmarkDotNet wants its
// benchmark classes public and not sealed.)

[Scenario("Baseline: local disk + git CLI (re-creation of the original)", IsBaseline = true)]
public class BaselineDiskGit : SaveEventSuite
{
    protected override KataScenario CreateScenario() => new BaselineDiskGitScenario();
}

[Scenario("Saver over HTTP, local-directory store")]
public class HttpLocalStore : SaveEventSuite
{
    protected override KataScenario CreateScenario() => new SaverHttpScenario(SaverStore.LocalDirectory);
}

[Scenario("Saver over HTTP, Azure store (Azurite)")]
public class HttpAzurite : SaveEventSuite
{
    protected override KataScenario CreateScenario() => new SaverHttpScenario(SaverStore.Azurite);
}

[Scenario("Saver domain only, local-directory store")]
public class DomainLocalStore : SaveEventSuite
{
    protected override KataScenario CreateScenario() => new SaverDomainScenario(SaverStore.LocalDirectory);
}

[Scenario("Saver domain only, in-memory store")]
public class DomainInMemory : SaveEventSuite
{
    protected override KataScenario CreateScenario() => new SaverDomainScenario(SaverStore.InMemory);
}
