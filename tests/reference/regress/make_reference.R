# Reference values for surveykit.regression (tests/test_regress.py).
# Run from this folder:  Rscript make_reference.R
# Reads survey.csv (drawn by make_data.py for the schema survey.yaml) and writes regress.json.
# Factors take the levels of the schema's choice lists IN LIST ORDER (sex: 2 then 1), which is
# what the driver's dummy coding must reproduce. Term names are written as the driver names
# them: const, VAR, VAR=CODE, thresholds CODE_a/CODE_b.
# R packages: stats, MASS, car, sandwich, jsonlite.
suppressPackageStartupMessages({library(MASS); library(car); library(sandwich); library(jsonlite)})
d <- read.csv("survey.csv")
d$sex <- factor(d$sex, levels = c(2, 1))
d$edu <- factor(d$edu, levels = c(1, 2, 3))
rename <- function(x) {
  x <- sub("^\\(Intercept\\)$", "const", x)
  x <- sub("^sex([0-9]+)$", "sex=\\1", x)
  sub("^edu([0-9]+)$", "edu=\\1", x)
}
tab <- function(m, stat) {
  s <- summary(m)$coefficients
  ci <- if (inherits(m, "glm")) confint.default(m) else confint(m)
  out <- data.frame(term = rename(rownames(s)), b = s[, 1], se = s[, 2], stat = s[, 3],
                    p = s[, 4], ci_low = ci[, 1], ci_high = ci[, 2], row.names = NULL)
  names(out)[4] <- stat
  out
}

## OLS: part ~ trust + sex + edu + age (listwise over these variables)
cc <- d[complete.cases(d[, c("part", "trust", "sex", "edu", "age")]), ]
m <- lm(part ~ trust + sex + edu + age, data = cc)
X <- model.matrix(m)[, -1]
beta <- coef(m)[-1] * apply(X, 2, sd) / sd(cc$part)
# per-column VIF (what SPSS prints for each dummy): diagonal of the inverse correlation matrix
vif_cols <- diag(solve(cor(X)))
s <- summary(m)
ols <- list(n = nobs(m), r2 = s$r.squared, adj_r2 = s$adj.r.squared, f = unname(s$fstatistic[1]),
            f_p = unname(pf(s$fstatistic[1], s$fstatistic[2], s$fstatistic[3], lower.tail = FALSE)),
            aic = AIC(m), bic = BIC(m), coefficients = tab(m, "t"),
            beta = as.list(setNames(beta, rename(names(beta)))),
            vif = as.list(setNames(vif_cols, rename(names(vif_cols)))),
            gvif = as.data.frame(car::vif(m)),
            se_hc3 = as.list(setNames(sqrt(diag(vcovHC(m, type = "HC3"))), rename(names(coef(m))))),
            se_cluster = as.list(setNames(sqrt(diag(vcovCL(m, cluster = ~building))),
                                          rename(names(coef(m))))))

## logit: took ~ trust + sex + age; the event is the higher code (2 = no), and then code 1
cl <- d[complete.cases(d[, c("took", "trust", "sex", "age")]), ]
g2 <- glm(I(took == 2) ~ trust + sex + age, family = binomial, data = cl,
          control = glm.control(epsilon = 1e-14, maxit = 100))
g1 <- glm(I(took == 1) ~ trust + sex + age, family = binomial, data = cl,
          control = glm.control(epsilon = 1e-14, maxit = 100))
ll0 <- logLik(update(g2, . ~ 1))
logit <- list(n = nobs(g2), coefficients = tab(g2, "z"), coefficients_event1 = tab(g1, "z"),
              pseudo_r2 = 1 - as.numeric(logLik(g2)) / as.numeric(ll0), aic = AIC(g2),
              se_hc3 = as.list(setNames(sqrt(diag(vcovHC(g2, type = "HC3"))),
                                        rename(names(coef(g2))))))

## ordered logit: sat (likert 1-5) ~ trust + sex + age
co <- d[complete.cases(d[, c("sat", "trust", "sex", "age")]), ]
co$sat <- factor(co$sat, levels = 1:5, ordered = TRUE)
p <- polr(sat ~ trust + sex + age, data = co, Hess = TRUE, method = "logistic",
          control = list(reltol = 1e-14, maxit = 1000))
# polr's Hessian is numerical (optim, steps 1e-3 on log increments), good to ~1e-4 in the
# SEs; the SEs here come from the Hessian in (b, theta) obtained by differencing the ANALYTIC
# gradient of the same likelihood with small steps (accurate to ~1e-8).
est <- c(coef(p), p$zeta)
Xp <- model.matrix(~ trust + sex + age, co)[, -1]
yk <- as.integer(co$sat)
grad <- function(par) {
  k <- ncol(Xp); b <- par[1:k]; th <- c(-Inf, par[-(1:k)], Inf)
  eta <- drop(Xp %*% b)
  u <- th[yk + 1] - eta; v <- th[yk] - eta
  P <- plogis(u) - plogis(v); fu <- dlogis(u); fv <- dlogis(v)
  gb <- -colSums(Xp * (fu - fv) / P)
  gt <- sapply(seq_len(length(th) - 2), function(j)
    sum(fu[yk == j] / P[yk == j]) - sum(fv[yk == j + 1] / P[yk == j + 1]))
  c(gb, gt)
}
H <- optimHess(est, fn = function(par) 0, gr = grad, control = list(ndeps = rep(1e-6, length(est))))
V <- solve(-H)
polr_tab <- data.frame(term = rename(c(names(coef(p)), sub("\\|", "/", names(p$zeta)))),
                       b = unname(est), se = unname(sqrt(diag(V))), row.names = NULL)
ologit <- list(n = nrow(co), coefficients = polr_tab, aic = AIC(p))

write_json(list(ols = ols, logit = logit, ologit = ologit), "regress.json", digits = NA,
           auto_unbox = TRUE, pretty = TRUE)
