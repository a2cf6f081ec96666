import { describe, expect, it } from "vitest";
import { RepoView } from "../../src/view/repo-view.js";
import { findDependency } from "../../src/facts/dependencies.js";

describe("pyproject dependencies", () => {
  it("reads past extras in brackets to the end of the array", () => {
    const view = RepoView.fromFiles({
      "backend/pyproject.toml": '[project]\nname = "app"\ndependencies = [\n    "fastapi[standard]>=0.115,<1.0",\n    "sentry-sdk[fastapi]>=2.0",\n]\n\n[dependency-groups]\ndev = ["pytest>=8"]\n',
    });
    expect(findDependency(view, ["sentry-sdk", "pytest"]).map((d) => [d.name, d.line, d.dev])).toEqual([
      ["sentry-sdk", 5, false],
      ["pytest", 9, true],
    ]);
  });
});

describe("requirements files", () => {
  it("reads a requirements/ folder, local and test files as development dependencies", () => {
    const view = RepoView.fromFiles({
      "requirements/base.txt": "django==5.1\n",
      "requirements/production.txt": "-r base.txt\ngunicorn==23.0.0\nsentry-sdk==2.19.2\n",
      "requirements/local.txt": "-r base.txt\nipdb==0.13.13\n",
    });
    expect(findDependency(view, ["sentry-sdk", "ipdb"]).map((d) => [d.path, d.line, d.dev])).toEqual([
      ["requirements/production.txt", 3, false],
      ["requirements/local.txt", 2, true],
    ]);
  });
});

describe(".NET project files", () => {
  it("reads the SDK and package references, with analyzers and test projects as development dependencies", () => {
    const view = RepoView.fromFiles({
      "src/Api/Api.csproj": [
        '<Project Sdk="Microsoft.NET.Sdk.Web">',
        "  <ItemGroup>",
        '    <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="8.0.4" />',
        '    <PackageReference Include="StyleCop.Analyzers" PrivateAssets="All" />',
        '    <PackageReference Include="IDisposableAnalyzers">',
        "      <PrivateAssets>all</PrivateAssets>",
        "    </PackageReference>",
        '    <PackageReference Include="Serilog.AspNetCore">',
        "      <Version>8.0.0</Version>",
        "    </PackageReference>",
        "  </ItemGroup>",
        "</Project>",
      ].join("\n"),
      "tests/Api.Tests/Api.Tests.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.AspNetCore.Mvc.Testing" />\n  </ItemGroup>\n</Project>\n',
    });
    const found = findDependency(view, ["Microsoft.NET.Sdk*", "Npgsql*", "StyleCop.Analyzers", "IDisposableAnalyzers", "Serilog.AspNetCore", "Microsoft.AspNetCore.Mvc.Testing"]);
    expect(found.map((d) => [d.path, d.name, d.line, d.dev, d.ecosystem])).toEqual([
      ["src/Api/Api.csproj", "Microsoft.NET.Sdk.Web", 1, false, "nuget"],
      ["src/Api/Api.csproj", "Npgsql.EntityFrameworkCore.PostgreSQL", 3, false, "nuget"],
      ["src/Api/Api.csproj", "StyleCop.Analyzers", 4, true, "nuget"],
      ["src/Api/Api.csproj", "IDisposableAnalyzers", 5, true, "nuget"],
      ["src/Api/Api.csproj", "Serilog.AspNetCore", 8, false, "nuget"],
      ["tests/Api.Tests/Api.Tests.csproj", "Microsoft.NET.Sdk", 1, true, "nuget"],
      ["tests/Api.Tests/Api.Tests.csproj", "Microsoft.AspNetCore.Mvc.Testing", 3, true, "nuget"],
    ]);
  });
});

describe("go.mod", () => {
  it("leaves out // indirect requirements: the project's code does not import them", () => {
    const view = RepoView.fromFiles({
      "go.mod": "module example.com/gh\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n\tgo.mongodb.org/mongo-driver v1.14.0 // indirect\n)\n",
    });
    expect(findDependency(view, ["github.com/*", "go.mongodb.org/*"]).map((d) => [d.name, d.line])).toEqual([
      ["github.com/lib/pq", 5],
      ["github.com/spf13/cobra", 8],
    ]);
  });
});

describe("gem specifications", () => {
  it("reads a gem's runtime and development dependencies, which its Gemfile only points at", () => {
    const view = RepoView.fromFiles({
      Gemfile: "source 'https://gems.example.org'\ngemspec\n",
      "wiki.gemspec": "Gem::Specification.new do |s|\n  s.name = 'wiki'\n  s.add_dependency 'sinatra', '~> 4.0'\n  s.add_runtime_dependency('rack', '>= 3')\n  s.add_development_dependency \"minitest\"\nend\n",
    });
    expect(findDependency(view, ["sinatra", "rack", "minitest"]).map((d) => [d.name, d.line, d.dev])).toEqual([
      ["sinatra", 3, false],
      ["rack", 4, false],
      ["minitest", 5, true],
    ]);
  });
});
