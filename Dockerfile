# One image for both roles of the production topology; the command picks silo or API.
#   docker build --target api -t simplecrm-api .     docker build --target silo -t simplecrm-silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cd src/Web && npm ci --no-audit --no-fund && npm run build
RUN dotnet publish src/Api/SimpleCrm.Api.csproj -c Release -o /out/api \
 && dotnet publish src/Silo/SimpleCrm.Silo.csproj -c Release -o /out/silo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS silo
WORKDIR /app
COPY --from=build /out/silo .
ENTRYPOINT ["dotnet", "SimpleCrm.Silo.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS api
WORKDIR /app
COPY --from=build /out/api .
COPY --from=build /src/src/Web/dist ./wwwroot-web
ENV CRM_WEB_ROOT=/app/wwwroot-web CRM_MODE=client CRM_PORT=8080
ENTRYPOINT ["dotnet", "SimpleCrm.Api.dll"]
