% Negation as failure, disequality and the closed-world assumption.
:- initialization(main).

bird(tweety). bird(polly). bird(pingu).
penguin(pingu).
flies(X) :- bird(X), \+ penguin(X).

edge(a, b). edge(b, c). edge(c, d). edge(e, f).
path(X, Y) :- path(X, Y, [X]).
path(X, X, _).
path(X, Y, Seen) :- edge(X, Z), \+ member(Z, Seen), path(Z, Y, [Z|Seen]).

unconnected(X, Y) :- node(X), node(Y), X @< Y, \+ path(X, Y), \+ path(Y, X).
node(N) :- member(N, [a, b, c, d, e, f]).

different(X, Y) :- X \= Y.

main :-
    findall(B, flies(B), Fs), write(flies(Fs)), nl,
    ( \+ flies(pingu) -> write('pingu does not fly') ; write('pingu flies') ), nl,
    ( \+ \+ flies(tweety) -> write('tweety flies') ; true ), nl,
    findall(X-Y, unconnected(X, Y), Us), length(Us, NU), write(unconnected(NU)), nl,
    write(Us), nl,
    ( different(a, b) -> write(a_b_different) ; write(a_b_same) ), nl,
    ( different(a, a) -> write(a_a_different) ; write(a_a_same) ), nl,
    ( different(f(X1), f(1)) -> write(unifiable_different) ; write(unifiable_same) ), nl,
    ( var(X1) -> write(still_unbound) ; write(bound) ), nl,
    ( a \== b -> write(not_identical) ; true ), nl,
    Z = W, ( Z \== W -> true ; write(same_variable) ), nl,
    ( not(member(z, [a, b])) -> write(z_not_member) ; true ), nl,
    findall(N, (between(1, 20, N), \+ (between(2, N, D), D < N, N mod D =:= 0), N > 1), Primes),
    write(primes(Primes)), nl,
    halt.
