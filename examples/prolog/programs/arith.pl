% Arithmetic: is/2, integer and float operations, comparisons.
:- initialization(main).

show(Expr) :-
    X is Expr,
    write(Expr), write(' = '), write(X), nl.

fact(0, 1) :- !.
fact(N, F) :- N1 is N - 1, fact(N1, F1), F is N * F1.

fib(0, 0).
fib(1, 1).
fib(N, F) :- N > 1, A is N - 1, B is N - 2, fib(A, FA), fib(B, FB), F is FA + FB.

gcd(A, 0, A) :- !.
gcd(A, B, G) :- C is A mod B, gcd(B, C, G).

collatz(1, 0) :- !.
collatz(N, S) :-
    ( N mod 2 =:= 0 -> M is N // 2 ; M is 3 * N + 1 ),
    collatz(M, S0), S is S0 + 1.

compare_all(A, B) :-
    ( A < B -> write(lt) ; true ), ( A > B -> write(gt) ; true ),
    ( A =< B -> write(le) ; true ), ( A >= B -> write(ge) ; true ),
    ( A =:= B -> write(eq) ; true ), ( A =\= B -> write(ne) ; true ), nl.

main :-
    forall(member(E, [1 + 2 * 3, (1 + 2) * 3, 7 - 10, 17 // 5, -17 // 5, 17 mod 5, -17 mod 5,
                      17 rem -5, -17 rem 5, 7 / 2, 8 / 2, 2 ** 10, 2 ^ 62, 2.0 ** 3, 3 ^ 2,
                      abs(-5), sign(-3), min(3, 4.0), max(3, 4), 10 / 4.0, 1.5 * 2, 0.1 + 0.2,
                      sqrt(16), 2.5 + 1, truncate(3.7), round(2.5), ceiling(2.1), floor(-2.1),
                      integer(2.4), float(7), float_integer_part(-3.7), 1 << 10, 1024 >> 3,
                      5 /\ 3, 5 \/ 3, 5 xor 3, \ 5, gcd(12, 18), msb(1000), 100000 * 100000,
                      1.0e10, 1.0e16, 123.456, -0.5, 1.0e-5, 0.001, pi, e, 22 / 7.0, cot(1.0) - cot(1.0) + 1 ]),
           catch(show(E), error(Err, _), (write(E), write(' raised '), write(Err), nl))),
    fact(20, F20), write(fact(20, F20)), nl,
    fib(15, Fib15), write(fib(15, Fib15)), nl,
    gcd(1071, 462, G), write(gcd(G)), nl,
    collatz(27, Steps), write(collatz(27, Steps)), nl,
    compare_all(1, 2), compare_all(2.0, 2), compare_all(3, 1),
    X = 5, Y is X * X + 2 * X + 1, write(Y), nl,
    ( 1 + 2 =:= 3 -> write(yes) ; write(no) ), nl,
    ( 1 + 2 == 3 -> write(yes) ; write(no) ), nl,
    succ(P, 10), succ(10, S), write(P-S), nl,
    plus(2, Q, 7), write(Q), nl,
    halt.
