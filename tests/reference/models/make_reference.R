# Reference values for surveykit.models (tests/test_models*.py).
# Run from this folder:  Rscript make_reference.R
# Writes the data sets used (CSV) and R's results (JSON, full precision).
# R packages: stats, MASS, car, carData, sandwich, jsonlite.
suppressPackageStartupMessages({
  library(MASS); library(car); library(sandwich); library(jsonlite)
})
out <- function(x, file) write_json(x, file, digits = NA, auto_unbox = TRUE, pretty = TRUE)
coef_table <- function(m, stat = "t", level = 0.95) {
  s <- summary(m)$coefficients
  ci <- if (inherits(m, "lm") && !inherits(m, "glm")) confint(m, level = level) else confint.default(m, level = level)
  d <- data.frame(term = rownames(s), b = s[, 1], se = s[, 2], stat = s[, 3], p = s[, 4],
                  ci_low = ci[, 1], ci_high = ci[, 2], row.names = NULL)
  names(d)[4] <- stat
  d
}
robust_table <- function(m, V, df) {
  b <- coef(m); se <- sqrt(diag(V)); t <- b / se
  data.frame(term = names(b), se = se, t = t, p = 2 * pt(-abs(t), df), row.names = NULL)
}

## ---- OLS: carData::Prestige (102 occupations; 'type' has 4 NA -> n = 98) ----
pr <- carData::Prestige
pr_csv <- data.frame(occupation = rownames(pr), pr[, c("prestige", "education", "income", "women")],
                     type = as.character(pr$type))
write.csv(pr_csv, "prestige.csv", row.names = FALSE, na = "")
m <- lm(prestige ~ education + income + women + type, data = pr)
X <- model.matrix(m)
n <- nobs(m); e <- residuals(m); s <- summary(m)
mf <- model.frame(m)
beta <- coef(m)[-1] * apply(X[, -1], 2, sd) / sd(mf$prestige)
vif_dummy <- diag(solve(cor(X[, -1])))
gv <- car::vif(m)
out(list(
  n = n, r2 = s$r.squared, adj_r2 = s$adj.r.squared,
  f = unname(s$fstatistic[1]), f_df1 = unname(s$fstatistic[2]), f_df2 = unname(s$fstatistic[3]),
  f_p = unname(pf(s$fstatistic[1], s$fstatistic[2], s$fstatistic[3], lower.tail = FALSE)),
  aic = AIC(m), bic = BIC(m), loglik = as.numeric(logLik(m)), sigma = s$sigma,
  durbin_watson = sum(diff(e)^2) / sum(e^2),
  coefficients = coef_table(m),
  beta = as.list(beta), vif = as.list(vif_dummy),
  gvif = data.frame(variable = rownames(gv), gvif = gv[, 1], df = gv[, 2], gvif_adj = gv[, 3], row.names = NULL),
  robust = lapply(setNames(nm = c("HC0", "HC1", "HC2", "HC3")),
                  function(ty) robust_table(m, vcovHC(m, type = ty), df.residual(m)))
), "ols_prestige.json")

## ---- Cluster-robust: sandwich::PetersenCL and datasets::mtcars ----
data(PetersenCL, package = "sandwich")
write.csv(PetersenCL, "petersen.csv", row.names = FALSE)
mp <- lm(y ~ x, data = PetersenCL)
mt <- mtcars; mt$car <- rownames(mtcars)
write.csv(mt[, c("car", setdiff(names(mtcars), "car"))], "mtcars.csv", row.names = FALSE)
mm <- lm(mpg ~ wt + hp + factor(gear), data = mtcars)
out(list(
  petersen = robust_table(mp, vcovCL(mp, cluster = ~firm), df.residual(mp)),
  mtcars = robust_table(mm, vcovCL(mm, cluster = ~cyl), df.residual(mm)),
  mtcars_hc0 = robust_table(mm, vcovCL(mm, cluster = ~cyl, type = "HC0", cadjust = TRUE), df.residual(mm))
), "cluster.json")

## ---- Hierarchical blocks: Prestige, same sample for all steps ----
prc <- pr[complete.cases(pr[, c("prestige", "education", "income", "women", "type")]), ]
h1 <- lm(prestige ~ education, data = prc)
h2 <- lm(prestige ~ education + income + women, data = prc)
h3 <- lm(prestige ~ education + income + women + type, data = prc)
h0 <- lm(prestige ~ 1, data = prc)
# each step against the previous one alone (pairwise anova, as SPSS's "F change");
# anova(h1, h2, h3) would instead divide by the residual mean square of h3
a <- do.call(rbind, list(anova(h0, h1)[2, ], anova(h1, h2)[2, ], anova(h2, h3)[2, ]))
out(list(
  n = nrow(prc),
  r2 = sapply(list(h1, h2, h3), function(m) summary(m)$r.squared),
  adj_r2 = sapply(list(h1, h2, h3), function(m) summary(m)$adj.r.squared),
  aic = sapply(list(h1, h2, h3), AIC),
  f_change = a$F, df1 = a$Df, df2 = a$Res.Df, p_change = a$`Pr(>F)`
), "hierarchy.json")

## ---- Logit: MASS::birthwt ----
bw <- MASS::birthwt
write.csv(bw, "birthwt.csv", row.names = FALSE)
# tight convergence so that the reported SEs (from the last IRLS weights) are precise
g <- glm(low ~ age + lwt + factor(race) + smoke + ptl + ht + ui, family = binomial, data = bw,
         control = glm.control(epsilon = 1e-14, maxit = 100))
Xg <- model.matrix(g); bg <- coef(g); Vg <- vcov(g)
p <- fitted(g); w <- p * (1 - p)
# average marginal effects with delta-method SEs, written out by formula:
# numeric x_j: mean(p(1-p)) b_j ; gradient mean(p(1-p)(1-2p) x) b_j + mean(p(1-p)) e_j
# dummy of a factor: mean(p1 - p0), every row set to that level vs the reference level
ame <- list()
num <- c("age", "lwt", "smoke", "ptl", "ht", "ui")
for (v in num) {
  j <- match(v, colnames(Xg))
  grad <- colMeans(w * (1 - 2 * p) * Xg) * bg[j]; grad[j] <- grad[j] + mean(w)
  ame[[v]] <- c(mean(w) * bg[j], sqrt(drop(t(grad) %*% Vg %*% grad)))
}
for (lv in c("2", "3")) {
  X0 <- Xg; X0[, c("factor(race)2", "factor(race)3")] <- 0
  X1 <- X0; X1[, paste0("factor(race)", lv)] <- 1
  p0 <- plogis(drop(X0 %*% bg)); p1 <- plogis(drop(X1 %*% bg))
  grad <- colMeans(p1 * (1 - p1) * X1) - colMeans(p0 * (1 - p0) * X0)
  ame[[paste0("race=", lv)]] <- c(mean(p1 - p0), sqrt(drop(t(grad) %*% Vg %*% grad)))
}
ll0 <- as.numeric(logLik(glm(low ~ 1, family = binomial, data = bw)))
out(list(
  n = nobs(g), loglik = as.numeric(logLik(g)), ll_null = ll0,
  pseudo_r2 = 1 - as.numeric(logLik(g)) / ll0, aic = AIC(g), bic = BIC(g),
  # likelihood-ratio test of all slopes (the model against the intercept-only one)
  lr_chi2 = g$null.deviance - g$deviance, lr_df = g$df.null - g$df.residual,
  lr_p = pchisq(g$null.deviance - g$deviance, g$df.null - g$df.residual, lower.tail = FALSE),
  coefficients = coef_table(g, "z"),
  ame = data.frame(term = names(ame), dydx = sapply(ame, `[`, 1), se = sapply(ame, `[`, 2), row.names = NULL),
  hc0 = sqrt(diag(vcovHC(g, type = "HC0"))), hc3 = sqrt(diag(vcovHC(g, type = "HC3"))),
  cl = sqrt(diag(vcovCL(g, cluster = ~race)))
), "logit_birthwt.json")

## ---- Ordered logit: MASS::housing (frequency table; tests expand by Freq) ----
hs <- MASS::housing
write.csv(data.frame(Sat = as.integer(hs$Sat), Infl = as.integer(hs$Infl),
                     Type = as.integer(hs$Type), Cont = as.integer(hs$Cont), Freq = hs$Freq),
          "housing.csv", row.names = FALSE)
# tight optimiser tolerance so that the reference is precise to ~1e-8
po <- polr(Sat ~ Infl + Type + Cont, weights = Freq, data = hs, Hess = TRUE,
           control = list(reltol = 1e-14, maxit = 1000))
sp <- summary(po)$coefficients
out(list(
  n = sum(hs$Freq), loglik = as.numeric(logLik(po)), aic = AIC(po),
  coefficients = data.frame(term = rownames(sp), b = sp[, 1], se = sp[, 2], z = sp[, 3], row.names = NULL)
), "polr_housing.json")

## ---- Moderation: Prestige, prestige ~ education * income + women (mean-centred) ----
pm <- pr
pm$ec <- pm$education - mean(pm$education); pm$ic <- pm$income - mean(pm$income)
mo <- lm(prestige ~ ec * ic + women, data = pm)
Vm <- vcov(mo); bm <- coef(mo)
wv <- c(-1, 0, 1) * sd(pm$income) + mean(pm$income)
wc <- wv - mean(pm$income)
slope <- bm["ec"] + bm["ec:ic"] * wc
se <- sqrt(Vm["ec", "ec"] + wc^2 * Vm["ec:ic", "ec:ic"] + 2 * wc * Vm["ec", "ec:ic"])
tq <- qt(0.975, df.residual(mo))
out(list(
  coefficients = coef_table(mo),
  slopes = data.frame(value = wv, b = unname(slope), se = unname(se), t = unname(slope / se),
                      p = unname(2 * pt(-abs(slope / se), df.residual(mo))),
                      ci_low = unname(slope - tq * se), ci_high = unname(slope + tq * se))
), "moderation.json")

## ---- Mediation: mtcars, hp -> wt -> mpg with covariate am ----
ma <- lm(wt ~ hp + am, data = mtcars); mb <- lm(mpg ~ hp + wt + am, data = mtcars)
mc <- lm(mpg ~ hp + am, data = mtcars)
a <- coef(ma)["hp"]; b <- coef(mb)["wt"]
sa <- sqrt(vcov(ma)["hp", "hp"]); sb <- sqrt(vcov(mb)["wt", "wt"])
sobel_se <- sqrt(b^2 * sa^2 + a^2 * sb^2)
set.seed(20240501)
B <- 2000; nn <- nrow(mtcars)
idx <- matrix(sample.int(nn, B * nn, replace = TRUE), nrow = B)
write.csv(idx, "mediation_indices.csv", row.names = FALSE)
ind <- function(d) coef(lm(wt ~ hp + am, data = d))["hp"] * coef(lm(mpg ~ hp + wt + am, data = d))["wt"]
reps <- apply(idx, 1, function(i) ind(mtcars[i, ]))
est <- unname(a * b)
pct <- unname(quantile(reps, c(0.025, 0.975), type = 7))
# BCa by formula: z0 from the replicates, acceleration from the jackknife
jack <- sapply(seq_len(nn), function(i) ind(mtcars[-i, ]))
z0 <- qnorm(mean(reps < est)); d <- mean(jack) - jack
acc <- sum(d^3) / (6 * sum(d^2)^1.5)
zq <- qnorm(c(0.025, 0.975))
alpha_adj <- pnorm(z0 + (z0 + zq) / (1 - acc * (z0 + zq)))
bca <- unname(quantile(reps, alpha_adj, type = 7))
out(list(
  a = unname(a), b = unname(b), c = unname(coef(mc)["hp"]), c_prime = unname(coef(mb)["hp"]),
  a_se = unname(sa), b_se = unname(sb), c_se = unname(sqrt(vcov(mc)["hp", "hp"])),
  c_prime_se = unname(sqrt(vcov(mb)["hp", "hp"])),
  indirect = est, sobel_se = unname(sobel_se), sobel_z = unname(est / sobel_se),
  sobel_p = unname(2 * pnorm(-abs(est / sobel_se))),
  boot_se = sd(reps), percentile = pct, bca = bca, z0 = z0, acceleration = acc
), "mediation.json")
cat("done\n")
