# feedmill: build the TypeScript once, run the compiled CLI on a slim Node 20 image.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY models ./models
COPY demo ./demo
RUN mkdir -p /app/public /app/data && chown node:node /app/public /app/data
USER node
EXPOSE 8080
ENTRYPOINT ["node", "bin/feedmill.js"]
CMD ["start"]
